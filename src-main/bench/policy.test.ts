import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isSlowEngine,
  MAX_MEASUREMENT_SECONDS,
  MAX_STEPS_PER_MEASUREMENT,
  MEASUREMENT_SECONDS,
  measuredInRound,
  measurementTimeLimit,
  rewarmSteps,
  sitsOut,
  stepsPerMeasurement,
  WARMUP,
} from './policy.js';

test('a measurement runs about MEASUREMENT_SECONDS of whole steps, at least one', () => {
  assert.equal(stepsPerMeasurement(0.01, null), Math.round(MEASUREMENT_SECONDS / 0.01));
  assert.equal(stepsPerMeasurement(0.3, null), Math.round(MEASUREMENT_SECONDS / 0.3));
  assert.equal(stepsPerMeasurement(30, null), 1, 'TensorFlow.js cpu: one step');
  assert.equal(stepsPerMeasurement(1e-7, null), MAX_STEPS_PER_MEASUREMENT);
  assert.equal(stepsPerMeasurement(0, null), MAX_STEPS_PER_MEASUREMENT);
});

test('steps the user fixed are used as given, with no early stop', () => {
  assert.equal(stepsPerMeasurement(0.01, 7), 7);
  assert.equal(stepsPerMeasurement(30, 7), 7);
  assert.equal(measurementTimeLimit(7), Number.MAX_SAFE_INTEGER);
  assert.equal(measurementTimeLimit(null), MAX_MEASUREMENT_SECONDS);
});

test('engines slower than the warm-up limit per step are measured once, without re-warming', () => {
  const slow = WARMUP.slowStepSeconds + 1;
  const fast = WARMUP.slowStepSeconds / 10;
  assert.equal(isSlowEngine(slow), true);
  assert.equal(isSlowEngine(fast), false);
  assert.deepEqual([1, 2, 3].map((round) => measuredInRound(round, slow)), [true, false, false]);
  assert.deepEqual([1, 2, 3].map((round) => measuredInRound(round, fast)), [true, true, true]);
  assert.equal(rewarmSteps(slow), 0);
  assert.equal(rewarmSteps(fast), 1);
});

test('TensorFlow.js cpu sits out nets far larger than the report’s, and only it', () => {
  assert.equal(sitsOut('tfjs-cpu', 8.9e6), false, 'cifar-baseline');
  assert.equal(sitsOut('tfjs-cpu', 35.0e6), true, 'cifar-fast');
  assert.equal(sitsOut('tfjs-wasm', 35.0e6), false);
  assert.equal(sitsOut('cnn-workbench', 1e9), false);
});
