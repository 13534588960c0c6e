import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { buildNetwork } from '../network.js';
import { chunksOf } from '../training/chunks.js';

const spec: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'bn',
  input: { channels: 2, height: 4, width: 4 },
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 1 },
    { type: 'batchNorm', momentum: 0.1 },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 3 },
    { type: 'softmaxCrossEntropy' },
  ],
};

test('the running statistics move towards the whole batch’s mean and unbiased variance, whatever the chunks', () => {
  const batch = 40;
  const net = buildNetwork(spec, { backend: referenceBackend, maxBatch: 16, seed: 3, numClasses: 3 });
  const random = new SeededRandom(9);
  const x = Float64Array.from({ length: batch * net.inputSize }, () => random.nextNormal());
  const labels = Int32Array.from({ length: batch }, () => random.nextInt(3));
  const summed = new Float64Array(net.paramCount);
  const convOutputs: number[][] = [[], [], []];
  const area = 16;
  for (const chunk of chunksOf(batch)) {
    const input = x.subarray(chunk.start * net.inputSize, (chunk.start + chunk.count) * net.inputSize);
    net.forward(input, chunk.count, true, { step: 0, firstSample: chunk.start, batchSize: batch });
    net.lossAndGradient(labels.subarray(chunk.start, chunk.start + chunk.count), chunk.count, 1 / batch);
    net.backward();
    for (let k = 0; k < summed.length; k++) summed[k] += net.paramGrads[k];
    const conv = net.layers[0].output;
    for (let n = 0; n < chunk.count; n++) {
      for (let c = 0; c < 3; c++) convOutputs[c].push(...conv.subarray((n * 3 + c) * area, (n * 3 + c + 1) * area));
    }
  }
  net.updateStatistics(summed, batch);
  const [, , runningMean, runningVariance] = net.layers[1].params();
  for (let c = 0; c < 3; c++) {
    const values = convOutputs[c];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const unbiased = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    assert.ok(Math.abs(runningMean.value[c] - 0.1 * mean) < 1e-12, `channel ${c}: running mean ${runningMean.value[c]} vs ${0.1 * mean}`);
    assert.ok(Math.abs(runningVariance.value[c] - (0.9 + 0.1 * unbiased)) < 1e-12, `channel ${c}: running variance`);
  }
});

test('the optimizer sees scale and shift but not the running statistics, which still travel in the weights', () => {
  const net = buildNetwork(spec, { backend: referenceBackend, maxBatch: 4, seed: 3, numClasses: 3 });
  const names = net.trainedParams().map((p) => p.name);
  assert.deepEqual(names, ['weights', 'bias', 'scale', 'shift', 'weights', 'bias']);
  assert.equal(net.paramCount, net.trainedCount + 6);
  const [scale, shift, mean, variance] = net.layers[1].params();
  assert.deepEqual([scale, shift, mean, variance].map((p) => Array.from(p.value)), [[1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
  const weights = net.getWeights();
  assert.equal(weights.length, net.paramCount);
});

test('in evaluation the layer normalises by the running statistics, not the batch', () => {
  const net = buildNetwork({ ...spec, layers: [{ type: 'batchNorm', epsilon: 0 }, { type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }] }, {
    backend: referenceBackend,
    maxBatch: 2,
    seed: 1,
    numClasses: 3,
  });
  const [scale, shift, mean, variance] = net.layers[0].params();
  scale.value.set([2, 3]);
  shift.value.set([0.5, -1]);
  mean.value.set([1, -2]);
  variance.value.set([4, 0.25]);
  const x = Float64Array.from({ length: 2 * 32 }, (_, k) => k / 10);
  net.forward(x, 2, false);
  const y = net.layers[0].output;
  for (const k of [0, 17, 40, 63]) {
    const c = Math.floor(k / 16) % 2;
    const expected = [2, 3][c] * (x[k] - [1, -2][c]) / Math.sqrt([4, 0.25][c]) + [0.5, -1][c];
    assert.ok(Math.abs(y[k] - expected) < 1e-12, `value ${k}: ${y[k]} vs ${expected}`);
  }
});
