import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { CLASSIC_NETWORK, MODERN_NETWORK, WHITENED_NETWORK } from './testFixtures.js';
import { flattenWeights, layersWithWeights, tensorOf } from './layerTensors.js';

test('a flat weight buffer cut into layers and put back together is the same buffer, for every layer type', () => {
  for (const architecture of [MODERN_NETWORK, CLASSIC_NETWORK, WHITENED_NETWORK]) {
    const { totalValues } = analyzeArchitecture(architecture, { numClasses: 10 });
    const weights = Float32Array.from({ length: totalValues }, (_, k) => k);
    const layers = layersWithWeights(architecture, weights, 10);
    const byLayer = new Map(layers.map((layer) => [layer.index, Object.fromEntries(layer.tensors.map((t) => [t.name, t.values]))]));
    assert.deepEqual(flattenWeights(architecture, byLayer, 10), weights);
  }
  const [conv, norm] = layersWithWeights(MODERN_NETWORK, new Float32Array(analyzeArchitecture(MODERN_NETWORK, { numClasses: 10 }).totalValues), 10);
  assert.deepEqual(tensorOf(conv, 'weights').shape, [8, 1, 3, 3]);
  assert.deepEqual(norm.tensors.map((t) => [t.name, t.role]), [['scale', 'trained'], ['shift', 'trained'], ['runningMean', 'statistic'], ['runningVariance', 'statistic']]);
  const [whitening] = layersWithWeights(WHITENED_NETWORK, new Float32Array(analyzeArchitecture(WHITENED_NETWORK, { numClasses: 10 }).totalValues), 10);
  assert.deepEqual(whitening.tensors.map((t) => [t.name, t.role, t.shape]), [['weights', 'fixed', [8, 1, 2, 2]], ['bias', 'trained', [8]]]);
});

test('a buffer or tensor of the wrong size is refused naming the layer', () => {
  assert.throws(() => layersWithWeights(CLASSIC_NETWORK, new Float32Array(5), 10), /"classic-tiny" has \d+ weights but 5 were given/);
  assert.throws(() => flattenWeights(CLASSIC_NETWORK, new Map([[0, { weights: [1], bias: [0] }]]), 10), /layer 1 \(conv2d\): weights has 1 values, \[6, 1, 4, 4\] needs 96/);
  assert.throws(() => flattenWeights(CLASSIC_NETWORK, new Map(), 10), /layer 1 \(conv2d\) has no weights values/);
});
