import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration, formatMetric, formatPointsDelta, formatSignedCount } from './format.js';

test('percentage-point deltas are always signed, and a rounded zero is ±0', () => {
  assert.equal(formatPointsDelta(0.012), '+1.20 pp');
  assert.equal(formatPointsDelta(-0.0305), '−3.05 pp');
  assert.equal(formatPointsDelta(0), '±0.00 pp');
  assert.equal(formatPointsDelta(-0.00001), '±0.00 pp');
  assert.equal(formatPointsDelta(Number.NaN), '—');
});

test('signed counts use a true minus sign', () => {
  assert.equal(formatSignedCount(3), '+3');
  assert.equal(formatSignedCount(-2), '−2');
  assert.equal(formatSignedCount(0), '0');
});

test('metrics lose float noise', () => {
  assert.equal(formatMetric(0.1 + 0.2), '0.3');
  assert.equal(formatMetric(0.123456), '0.1235');
  assert.equal(formatMetric(null), '—');
});

test('durations read naturally at every scale', () => {
  assert.equal(formatDuration(2345), '2.3 s');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(75_000), '1 min 15 s');
  assert.equal(formatDuration(3 * 3600_000 + 5 * 60_000), '3 h 5 min');
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(-1), '—');
});

test('byte counts in decimal units with three significant digits', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.54 kB');
  assert.equal(formatBytes(614_400_000), '614 MB');
});
