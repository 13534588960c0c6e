import assert from 'node:assert/strict';
import { test } from 'node:test';
import { learningRateAt } from './schedules.js';

const at = (epoch: number, step = 0) => ({ epoch, step, stepsPerEpoch: 100, totalEpochs: 10 });

test('constant', () => {
  assert.equal(learningRateAt(0.1, { kind: 'constant' }, at(7, 50)), 0.1);
});

test('step decay multiplies by γ every stepEpochs epochs', () => {
  const schedule = { kind: 'step' as const, stepEpochs: 3, gamma: 0.5 };
  assert.deepEqual([0, 2, 3, 5, 6, 9].map((epoch) => learningRateAt(0.08, schedule, at(epoch, 99))), [0.08, 0.08, 0.04, 0.04, 0.02, 0.01]);
});

test('cosine falls from lr to minLr along half a cosine, step by step', () => {
  const schedule = { kind: 'cosine' as const, minLr: 0.001 };
  assert.equal(learningRateAt(0.1, schedule, at(0)), 0.1);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(5)) - (0.1 + 0.001) / 2) < 1e-15);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(10)) - 0.001) < 1e-15);
  assert.ok(learningRateAt(0.1, schedule, at(2, 50)) < learningRateAt(0.1, schedule, at(2, 49)), 'decreases within an epoch');
});
