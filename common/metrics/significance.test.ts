import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapAccuracyInterval, describeMcnemar, formatPValue, mcnemarExact, pValueText } from './significance.js';

test("McNemar's exact p-values match R's binom.test(b, b + c) and exact sums in rationals", () => {
  // Exact values, from Σ C(n, i) / 2^n computed in rationals (Python's fractions).
  const known: [number, number, number][] = [
    [1, 9, 0.021484375],
    [2, 10, 0.03857421875], // binom.test(2, 12): p-value = 0.03857
    [0, 5, 0.0625],
    [3, 0, 0.25],
    [10, 25, 0.01667384780012071],
    [40, 62, 0.037066767438560536],
    [150, 200, 0.008720036530555949],
  ];
  for (const [b, c, p] of known) {
    const result = mcnemarExact(b, c);
    assert.ok(Math.abs(result.pValue - p) <= 1e-10 * p, `b=${b} c=${c}: ${result.pValue} vs ${p}`);
    assert.equal(mcnemarExact(c, b).pValue, result.pValue, 'symmetric in the two runs');
  }
  assert.equal(mcnemarExact(5, 5).pValue, 1);
  assert.equal(mcnemarExact(0, 0).pValue, 1);
});

test('McNemar stays finite and tiny for thousands of one-sided disagreements', () => {
  const p = mcnemarExact(0, 3000).pValue;
  assert.ok(p >= 0 && p < 1e-300, `p = ${p}`);
  // C(2300, 1000) alone overflows float64; in log space the p-value stays a number.
  assert.ok(Number.isFinite(mcnemarExact(1000, 1300).pValue));
});

test('McNemar rejects counts that are not whole numbers', () => {
  assert.throws(() => mcnemarExact(-1, 3), /onlyA must be a whole number/);
  assert.throws(() => mcnemarExact(2, 1.5), /onlyB must be a whole number/);
});

test('the sentence names the better run with its p-value, or says there is no significant difference', () => {
  assert.equal(describeMcnemar(mcnemarExact(40, 62), 'A', 'B'), 'B is better, p = 0.037 (A alone right on 40 images, B alone on 62).');
  assert.match(describeMcnemar(mcnemarExact(5, 7), 'A', 'B'), /^No significant difference \(p = 0\.77\)/);
  assert.match(describeMcnemar(mcnemarExact(0, 0), 'A', 'B'), /every test image the same way/);
  assert.equal(formatPValue(0.0031), '0.0031');
  assert.equal(formatPValue(1e-9), '< 0.0001');
  assert.equal(pValueText(1e-9), 'p < 0.0001');
  assert.match(describeMcnemar(mcnemarExact(129, 24), 'A', 'B'), /^A is better, p < 0\.0001 \(/);
});

test('bootstrap interval of 9900/10000 agrees with the normal approximation p ± 1.96·√(p(1−p)/n)', () => {
  const interval = bootstrapAccuracyInterval(9900, 10000, { resamples: 4000, seed: 7 });
  const half = 1.96 * Math.sqrt((0.99 * 0.01) / 10000);
  assert.equal(interval.accuracy, 0.99);
  assert.ok(Math.abs(interval.low - (0.99 - half)) < 4e-4, `low ${interval.low}`);
  assert.ok(Math.abs(interval.high - (0.99 + half)) < 4e-4, `high ${interval.high}`);
  assert.deepEqual(bootstrapAccuracyInterval(9900, 10000, { resamples: 4000, seed: 7 }), interval, 'same seed, same interval');
});

test('bootstrap of a tiny test set: 2 right of 4 resamples to 0..1, all right stays at 1', () => {
  // Binomial(4, ½)/4: P(0) = P(1) = 1/16 > 2.5 %, so the 95 % percentile interval is [0, 1].
  const half = bootstrapAccuracyInterval(2, 4, { resamples: 2000 });
  assert.deepEqual([half.low, half.high], [0, 1]);
  const perfect = bootstrapAccuracyInterval(50, 50);
  assert.deepEqual([perfect.low, perfect.high], [1, 1]);
  const none = bootstrapAccuracyInterval(0, 50);
  assert.deepEqual([none.low, none.high], [0, 0]);
});

test('bootstrap rejects impossible counts', () => {
  assert.throws(() => bootstrapAccuracyInterval(5, 4), /correct ≤ total/);
  assert.throws(() => bootstrapAccuracyInterval(1, 4, { confidence: 1 }), /confidence/);
});
