import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetArchitecture } from '../common/arch/presets.js';
import { SeededRandom } from '../common/random.js';
import type { LayerSpec } from '../common/arch/spec.js';
import { defaultScheme, fans, initializeParams } from './init.js';
import { createReferenceBackend } from './kernels/reference/index.js';
import { buildNetwork } from './network.js';
import type { Param } from './layers/layer.js';

function params(): Param[] {
  const make = (name: Param['name'], shape: number[]): Param => {
    const length = shape.reduce((a, b) => a * b, 1);
    return { name, shape, value: new Float64Array(length).fill(9), grad: new Float64Array(length) };
  };
  return [make('weights', [64, 8, 5, 5]), make('bias', [64]), make('weights', [100, 400]), make('bias', [100])];
}

function moments(values: ArrayLike<number>): { mean: number; std: number } {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  const variance = list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length;
  return { mean, std: Math.sqrt(variance) };
}

test('fan-in and fan-out count the kernel area', () => {
  assert.deepEqual(fans([16, 3, 5, 5]), { fanIn: 75, fanOut: 400 });
  assert.deepEqual(fans([10, 784]), { fanIn: 784, fanOut: 10 });
});

test('He normal: mean 0, std √(2/fanIn); biases 0', () => {
  const list = params();
  initializeParams(list, 1, 'heNormal');
  for (const [index, fanIn] of [[0, 200], [2, 400]]) {
    const { mean, std } = moments(list[index].value);
    assert.ok(Math.abs(mean) < 0.05 * Math.sqrt(2 / fanIn), `mean ${mean}`);
    assert.ok(Math.abs(std / Math.sqrt(2 / fanIn) - 1) < 0.03, `std ${std} vs ${Math.sqrt(2 / fanIn)}`);
  }
  assert.ok(list[1].value.every((b) => b === 0) && list[3].value.every((b) => b === 0));
});

test('Glorot uniform stays within ±√(6/(fanIn+fanOut)) with the uniform variance', () => {
  const list = params();
  initializeParams(list, 1, 'glorotUniform');
  const limit = Math.sqrt(6 / (400 + 100));
  assert.ok(list[2].value.every((w) => Math.abs(w) <= limit));
  const { std } = moments(list[2].value);
  assert.ok(Math.abs(std / (limit / Math.sqrt(3)) - 1) < 0.03, `std ${std}`);
});

test('the same seed gives the same weights, another seed other weights', () => {
  const [a, b, c] = [params(), params(), params()];
  initializeParams(a, 42);
  initializeParams(b, 42);
  initializeParams(c, 43);
  assert.deepEqual(Array.from(a[2].value), Array.from(b[2].value));
  assert.notDeepEqual(Array.from(a[2].value), Array.from(c[2].value));
});

test('layers feeding a ReLU get He, the classifier gets Glorot, which tames the first loss', () => {
  const types = ['conv2d', 'relu', 'maxPool2d', 'conv2d', 'maxPool2d', 'relu', 'flatten', 'dense', 'softmaxCrossEntropy'];
  const layers = types.map((type) => ({ type }) as LayerSpec);
  assert.deepEqual(
    [0, 3, 7].map((i) => defaultScheme(layers, i)),
    ['heNormal', 'heNormal', 'glorotUniform'],
  );
  // Batch norm and global pooling are looked through; a leaky ReLU is a rectifier.
  const modern = ['conv2d', 'batchNorm', 'leakyRelu', 'conv2d', 'batchNorm', 'globalAvgPool', 'dense', 'softmaxCrossEntropy'].map((type) => ({ type }) as LayerSpec);
  assert.deepEqual(
    [0, 3, 6].map((i) => defaultScheme(modern, i)),
    ['heNormal', 'glorotUniform', 'glorotUniform'],
  );
  const spec = presetArchitecture('mnist-baseline');
  assert.ok(spec);
  const random = new SeededRandom(9);
  const x = new Float32Array(32 * 784).map(() => random.nextNormal());
  const firstLoss = (init?: 'heNormal') => {
    const net = buildNetwork(spec, { backend: createReferenceBackend('float32'), maxBatch: 32, seed: 3, numClasses: 10, init });
    net.forward(x, 32, false);
    return net.lossAndGradient(new Int32Array(32).map((_, i) => i % 10), 32).loss;
  };
  const mixed = firstLoss();
  const heEverywhere = firstLoss('heNormal');
  assert.ok(mixed < 0.9 * heEverywhere, `initial loss ${mixed} (He everywhere: ${heEverywhere}; ln 10 = 2.30)`);
});
