import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { buildNetwork } from '../network.js';
import { createOptimizer } from '../optim/createOptimizer.js';
import { TINY_ARCHITECTURE } from './trainingFixture.js';
import { encodeTrainingState, restoreTrainingState } from './trainingState.js';
import { WeightAverage } from './weightAverage.js';

test('the average ramps its decay as min(d, (1 + t)/(10 + t)), by hand', () => {
  const average = new WeightAverage(0.5, Float64Array.of(0, 10));
  // t = 0: d = min(0.5, 1/10) = 0.1 → e = 0.1·0 + 0.9·1 = 0.9 and 0.1·10 + 0.9·20 = 19.
  average.update(Float64Array.of(1, 20));
  assert.deepEqual(Array.from(average.values), [Math.fround(0.9), 19]);
  // t = 1: d = min(0.5, 2/11) = 2/11 → e = (2/11)·0.9 + (9/11)·2.
  average.update(Float64Array.of(2, 19));
  assert.equal(average.values[0], Math.fround((2 / 11) * Math.fround(0.9) + (9 / 11) * 2));
  // From t = 8 on ((1 + 8)/(10 + 8) = 0.5) the decay is d itself.
  for (let t = 2; t < 9; t++) average.update(Float64Array.of(4, 0));
  const before = average.values[0];
  average.update(Float64Array.of(0, 0));
  assert.equal(average.values[0], Math.fround(0.5 * before));
  assert.equal(average.updateCount, 10);
});

test('evaluating with the average swaps it in and puts the trained weights back', () => {
  const net = buildNetwork(TINY_ARCHITECTURE, { backend: createReferenceBackend('float32'), maxBatch: 2, seed: 1, numClasses: 4 });
  const trained = net.getWeights();
  const average = new WeightAverage(0.9, new Float32Array(net.paramCount).fill(0.25));
  const seen = average.evaluateWith(net, () => net.getWeights());
  assert.ok(seen.every((value) => value === 0.25));
  assert.deepEqual(net.getWeights(), trained);
  assert.throws(() => average.evaluateWith(net, () => { throw new Error('evaluation failed'); }), /evaluation failed/);
  assert.deepEqual(net.getWeights(), trained, 'restored after a failure too');
});

test('the training state round-trips optimizer and average; without an average it is the optimizer state alone', () => {
  const net = buildNetwork(TINY_ARCHITECTURE, { backend: createReferenceBackend('float32'), maxBatch: 2, seed: 1, numClasses: 4 });
  const h = { optimizer: 'sgdMomentum' as const, momentum: 0.9, weightDecay: 0, nesterov: true };
  const optimizer = createOptimizer(h);
  const params = net.trainedParams().map((param) => ({ ...param, grad: param.grad.fill(0.5) }));
  optimizer.step(params, 0.1);
  const average = new WeightAverage(0.99, net.paramValues);
  average.update(net.paramValues.map((value) => value + 1));

  const encoded = encodeTrainingState(optimizer, average);
  assert.equal(encoded.length, 1 + net.trainedCount + 1 + net.paramCount);
  const otherOptimizer = createOptimizer(h);
  const otherAverage = new WeightAverage(0.99, new Float32Array(net.paramCount));
  restoreTrainingState(encoded, h, net, otherOptimizer, otherAverage);
  assert.deepEqual(otherAverage.values, average.values);
  assert.equal(otherAverage.updateCount, 1);
  assert.deepEqual(encodeTrainingState(otherOptimizer, otherAverage), encoded);

  assert.equal(encodeTrainingState(optimizer, null).length, 1 + net.trainedCount);
  assert.throws(
    () => restoreTrainingState(encodeTrainingState(createOptimizer({ ...h, optimizer: 'sgd' }), null), h, net, createOptimizer(h), otherAverage),
    /too few for the optimizer and a weight average/,
  );
});
