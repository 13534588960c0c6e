import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classReportAverages } from '../viz/classReport.js';
import { accuracyOf, confusionMatrix, perClassMetrics } from './classification.js';

test('confusion matrix rows are true classes, columns predictions', () => {
  const m = confusionMatrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2], ['a', 'b', 'c']);
  assert.deepEqual(m.counts, [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 1],
  ]);
  assert.equal(accuracyOf(m), 4 / 6);
});

test('precision and recall by hand', () => {
  const rows = perClassMetrics(confusionMatrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2], ['a', 'b', 'c']));
  // class a: TP 1, predicted a twice (one true c), 2 true a → P 1/2, R 1/2
  assert.deepEqual([rows[0].precision, rows[0].recall, rows[0].support], [0.5, 0.5, 2]);
  // class b: TP 2, predicted b 3 times → P 2/3, R 1
  assert.deepEqual([rows[1].precision, rows[1].recall], [2 / 3, 1]);
  assert.equal(rows[1].f1, (2 * (2 / 3) * 1) / (2 / 3 + 1));
  assert.ok(Math.abs(classReportAverages(rows)[0].recall - (0.5 + 1 + 0.5) / 3) < 1e-12);
});

test('classes never predicted or absent get 0, not NaN', () => {
  const rows = perClassMetrics(confusionMatrix([0, 0], [0, 0], ['a', 'b']));
  assert.deepEqual([rows[1].precision, rows[1].recall, rows[1].f1], [0, 0, 0]);
});

test('mismatched lengths are refused', () => {
  assert.throws(() => confusionMatrix([0], [0, 1], ['a', 'b']), /1 true labels but 2 predictions/);
});
