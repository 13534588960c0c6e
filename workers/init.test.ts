import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetArchitecture } from '../common/arch/presets.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../common/arch/spec.js';
import { identityInitLayers } from '../common/training/identityInit.js';
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

/** Convolutions the identity reaches (1→4 3×3, 4→4 3×3 and 4→6 5×5) and ones it does not (6→3 and an even 4×4 kernel). */
const IDENTITY_NET: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'identity',
  input: { channels: 1, height: 12, width: 12 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1 },
    { type: 'conv2d', filters: 6, kernelSize: 5, padding: 2 },
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 1 },
    { type: 'conv2d', filters: 3, kernelSize: 4 },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

test('partial identity: the first `in` filters pass the input through, every other value is the seeded one', () => {
  const build = () => buildNetwork(IDENTITY_NET, { backend: createReferenceBackend('float32'), maxBatch: 1, seed: 5, numClasses: 4 });
  const drawn = build();
  const net = build();
  net.setPartialIdentity();
  assert.deepEqual(identityInitLayers(IDENTITY_NET), [0, 3, 4]);
  const convs = net.layers.filter((layer) => layer.type === 'conv2d');
  const expectIdentity = [true, true, true, false, false];
  let offset = 0;
  for (const param of net.params()) {
    const before = drawn.paramValues.subarray(offset, offset + param.value.length);
    offset += param.value.length;
    const conv = convs.findIndex((layer) => layer.params().some((p) => p.value === param.value));
    if (param.name !== 'weights' || conv < 0 || !expectIdentity[conv]) {
      assert.deepEqual(param.value, before, `${param.name} of ${conv < 0 ? 'a layer without the identity' : `conv ${conv}`} keeps its drawn values`);
      continue;
    }
    const [filters, channels, height, width] = param.shape;
    const filterSize = channels * height * width;
    for (let o = 0; o < filters; o++) {
      for (let k = 0; k < filterSize; k++) {
        const at = o * filterSize + k;
        if (o >= channels) assert.equal(param.value[at], before[at], `conv ${conv} filter ${o} keeps its drawn values`);
        else {
          const centre = o * height * width + ((height - 1) / 2) * width + (width - 1) / 2;
          assert.equal(param.value[at], k === centre ? 1 : 0, `conv ${conv} filter ${o} value ${k}`);
        }
      }
    }
  }
});
