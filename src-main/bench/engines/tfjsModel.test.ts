// The TensorFlow.js peer's model: a loss's logit scale is the model's last
// layer, the logits times s, with gradients through it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildTfjsModel } from './tfjsModel.js';
import type { PeerNetwork } from './peerLayers.js';

await tf.setBackend('cpu');

const plain: PeerNetwork = {
  input: { channels: 1, height: 4, width: 4 },
  numClasses: 3,
  layers: [{ kind: 'flatten' }, { kind: 'dense', inUnits: 16, units: 3 }],
};
const scaled: PeerNetwork = { ...plain, layers: [...plain.layers, { kind: 'logitScale', scale: 1 / 9 }] };

test('a logitScale layer multiplies the logits by s, forward and backward', () => {
  const [a, b] = [buildTfjsModel(tf, plain), buildTfjsModel(tf, scaled)];
  b.setWeights(a.getWeights());
  const x = tf.tensor4d(Array.from({ length: 2 * 16 }, (_, k) => Math.sin(k)), [2, 4, 4, 1]);
  const logits = (a.apply(x) as tf.Tensor).dataSync();
  const scores = (b.apply(x) as tf.Tensor).dataSync();
  logits.forEach((logit, k) => assert.ok(Math.abs(scores[k] - logit / 9) < 1e-6, `${scores[k]} against ${logit / 9}`));
  const sumOf = (model: tf.Sequential) => tf.grad((input: tf.Tensor) => (model.apply(input) as tf.Tensor).sum())(x).dataSync();
  const [plainGrad, scaledGrad] = [sumOf(a), sumOf(b)];
  plainGrad.forEach((g, k) => assert.ok(Math.abs(scaledGrad[k] - g / 9) < 1e-6));
  a.dispose();
  b.dispose();
  x.dispose();
});
