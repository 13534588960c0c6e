import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInteger, formatPercent, formatTimestamp } from './format.js';

test('percentages and integers', () => {
  assert.equal(formatPercent(0.97346), '97.35%');
  assert.equal(formatPercent(null), '—');
  assert.equal(formatPercent(Number.NaN), '—');
  assert.equal(formatInteger(14682), '14,682');
});

test('timestamps show local date and minute; junk shows a dash', () => {
  const local = new Date(2025, 2, 14, 9, 26, 53);
  assert.equal(formatTimestamp(local.toISOString()), '2025-03-14 09:26');
  assert.equal(formatTimestamp('not a date'), '—');
  assert.equal(formatTimestamp(null), '—');
});
