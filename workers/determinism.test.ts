// Same seed, same data, same settings → bit-identical weights: the property
// run reproducibility rests on. Float32 reference backend, a few steps of
// SGD with momentum on a small net that includes dropout.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../common/arch/spec.js';
import { SeededRandom } from '../common/random.js';
import { createReferenceBackend } from './kernels/reference/index.js';
import { buildNetwork } from './network.js';
import { SgdMomentum } from './optim/sgdMomentum.js';

const SPEC: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'determinism',
  input: { channels: 1, height: 8, width: 8 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dropout', rate: 0.2 },
    { type: 'dense', units: 3 },
    { type: 'softmaxCrossEntropy' },
  ],
};

function train(seed: number): { weights: Float32Array; losses: number[] } {
  const backend = createReferenceBackend('float32');
  const batch = 4;
  const net = buildNetwork(SPEC, { backend, maxBatch: batch, seed, numClasses: 3 });
  const optimizer = new SgdMomentum({ momentum: 0.9, weightDecay: 5e-4 }, backend.createBuffer);
  const data = new SeededRandom(1234);
  const x = backend.createBuffer(batch * net.inputSize);
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    for (let k = 0; k < x.length; k++) x[k] = data.nextNormal();
    const labels = Uint8Array.from({ length: batch }, () => data.nextInt(3));
    net.forward(x, batch, true);
    losses.push(net.lossAndGradient(labels, batch).loss);
    net.backward();
    optimizer.step(net.params(), 0.05);
  }
  return { weights: net.getWeights(), losses };
}

test('same seed gives bit-identical weights and losses after training steps', () => {
  const first = train(7);
  const second = train(7);
  assert.deepEqual(Array.from(second.weights), Array.from(first.weights));
  assert.deepEqual(second.losses, first.losses);
  assert.notDeepEqual(Array.from(train(8).weights), Array.from(first.weights), 'another seed trains differently');
});
