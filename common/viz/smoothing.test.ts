import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothEma } from './smoothing.js';

test('weight 0 leaves the values unchanged', () => {
  assert.deepEqual(smoothEma([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
});

test('the first point is the first value: debiasing removes the pull toward zero', () => {
  const smoothed = smoothEma([2.3, 2.0, 1.8], 0.9);
  assert.ok(Math.abs(smoothed[0] - 2.3) < 1e-12);
});

test('a constant series stays constant at every weight', () => {
  for (const weight of [0.3, 0.6, 0.9, 0.99]) {
    for (const value of smoothEma(new Array(20).fill(0.75), weight)) {
      assert.ok(Math.abs(value - 0.75) < 1e-12, `weight ${weight} gave ${value}`);
    }
  }
});

test('matches the hand-computed debiased average', () => {
  // running: 0.5·0 + 0.5·1 = 0.5 → /0.5 = 1; 0.5·0.5 + 0.5·3 = 1.75 → /0.75 = 2.333…
  const [first, second] = smoothEma([1, 3], 0.5);
  assert.equal(first, 1);
  assert.ok(Math.abs(second - 7 / 3) < 1e-12);
});

test('non-finite values pass through without poisoning later points', () => {
  const smoothed = smoothEma([1, Number.NaN, 1], 0.8);
  assert.ok(Number.isNaN(smoothed[1]));
  assert.ok(Math.abs(smoothed[2] - 1) < 1e-12);
});

test('rejects weights outside [0, 1)', () => {
  assert.throws(() => smoothEma([1], 1), RangeError);
  assert.throws(() => smoothEma([1], -0.1), RangeError);
});
