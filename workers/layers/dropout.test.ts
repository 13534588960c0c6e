import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Shape } from '../../common/arch/spec.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { DropoutLayer } from './dropout.js';

const UNITS = 1000;

function dropout(rate: number, maxBatch = 4, seed = 5): DropoutLayer {
  const shape: Shape = { kind: 'vector', units: UNITS };
  const info = { index: 3, type: 'dropout' as const, inShape: shape, outShape: shape, arithmetic: [] };
  return new DropoutLayer({ backend: referenceBackend, maxBatch, info, seed }, { type: 'dropout', rate });
}

const ones = (batch: number) => new Float64Array(batch * UNITS).fill(1);
const training = (batch: number, step = 0, firstSample = 0) => ({ batch, training: true, step, firstSample, batchSize: batch });

test('training keeps each value with probability 1 − rate and scales it by 1/(1 − rate)', () => {
  const layer = dropout(0.25);
  layer.forward(ones(4), training(4));
  const outputs = Array.from(layer.output);
  const kept = outputs.filter((y) => y !== 0);
  assert.ok(kept.every((y) => y === 1 / 0.75), 'kept values are scaled by 1/(1 − rate)');
  const dropped = 1 - kept.length / outputs.length;
  assert.ok(Math.abs(dropped - 0.25) < 0.03, `dropped fraction ${dropped}`);
});

test('evaluation is the identity', () => {
  const layer = dropout(0.5);
  const x = Float64Array.from({ length: 2 * UNITS }, (_, k) => k);
  layer.forward(x, { batch: 2, training: false, step: 0, firstSample: 0, batchSize: 2 });
  assert.deepEqual(Array.from(layer.output.subarray(0, x.length)), Array.from(x));
});

test('backward passes the gradient through the same mask', () => {
  const layer = dropout(0.5, 1);
  layer.forward(ones(1), training(1));
  layer.outputGrad.fill(2);
  const dx = new Float64Array(UNITS);
  layer.backward(dx);
  dx.forEach((value, k) => assert.equal(value, 2 * layer.output[k]));
});

test('masks depend on (seed, step, image) only, so splitting a batch into chunks changes nothing', () => {
  const whole = dropout(0.5);
  whole.forward(ones(4), training(4, 7));
  const chunk = dropout(0.5, 2);
  chunk.forward(ones(2), training(2, 7, 2));
  assert.deepEqual(Array.from(chunk.output), Array.from(whole.output.subarray(2 * UNITS)));

  const nextStep = dropout(0.5);
  nextStep.forward(ones(4), training(4, 8));
  assert.notDeepEqual(Array.from(nextStep.output), Array.from(whole.output), 'a new step draws new masks');
  const otherSeed = dropout(0.5, 4, 6);
  otherSeed.forward(ones(4), training(4, 7));
  assert.notDeepEqual(Array.from(otherSeed.output), Array.from(whole.output), 'another seed draws other masks');
});
