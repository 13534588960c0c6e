import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classReportAverages } from './classReport.js';
import type { PerClassMetrics } from '../runs.js';

const row = (classIndex: number, precision: number, recall: number, support: number): PerClassMetrics => ({
  classIndex,
  label: String(classIndex),
  precision,
  recall,
  f1: (2 * precision * recall) / (precision + recall),
  support,
});

test('macro average treats classes alike; weighted average follows support', () => {
  const [macro, weighted] = classReportAverages([row(0, 1, 0.5, 30), row(1, 0.5, 1, 10)]);
  assert.equal(macro.label, 'macro average');
  assert.equal(macro.precision, 0.75);
  assert.equal(macro.recall, 0.75);
  assert.equal(macro.support, 40);
  assert.equal(weighted.precision, (1 * 30 + 0.5 * 10) / 40);
  assert.equal(weighted.recall, (0.5 * 30 + 1 * 10) / 40);
  assert.ok(Math.abs(weighted.f1 - (2 / 3) * (30 / 40) - (2 / 3) * (10 / 40)) < 1e-12);
});

test('an empty table averages to zero instead of NaN', () => {
  const [macro, weighted] = classReportAverages([]);
  assert.equal(macro.precision, 0);
  assert.equal(weighted.recall, 0);
  assert.equal(weighted.support, 0);
});
