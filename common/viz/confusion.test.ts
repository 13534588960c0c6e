import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countCellColor, deltaCellColor, maxAbsValue, rowNormalise } from './confusion.js';
import { divergingColor, sequentialColor } from './colors.js';

test('row normalisation makes every non-empty row sum to one', () => {
  const normalised = rowNormalise([
    [8, 2],
    [1, 3],
    [0, 0],
  ]);
  assert.deepEqual(normalised, [
    [0.8, 0.2],
    [0.25, 0.75],
    [0, 0],
  ]);
});

test('max absolute value sees negative entries', () => {
  assert.equal(maxAbsValue([[1, -7], [3, 2]]), 7);
  assert.equal(maxAbsValue([]), 0);
});

test('count colours run from the lightest shade at 0 to the darkest at the max', () => {
  assert.deepEqual(countCellColor(0, 50), sequentialColor(0));
  assert.deepEqual(countCellColor(50, 50), sequentialColor(1));
  assert.deepEqual(countCellColor(3, 0), sequentialColor(0));
});

test('small counts get a visible share of the ramp (square-root scale)', () => {
  // 1 of 100 lands at 10% of the ramp, not 1%.
  assert.deepEqual(countCellColor(1, 100), sequentialColor(0.1));
});

test('delta colours are symmetric: +n and −n are equally strong, zero is neutral', () => {
  assert.deepEqual(deltaCellColor(0, 10), divergingColor(0));
  assert.deepEqual(deltaCellColor(10, 10), divergingColor(1));
  assert.deepEqual(deltaCellColor(-10, 10), divergingColor(-1));
});
