import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gapIndex, reorderTarget } from './dropPosition.js';

test('the gap under the pointer is counted from the items whose middle is above it', () => {
  const midpoints = [10, 30, 50];
  assert.equal(gapIndex(midpoints, 0), 0);
  assert.equal(gapIndex(midpoints, 20), 1);
  assert.equal(gapIndex(midpoints, 49), 2);
  assert.equal(gapIndex(midpoints, 500), 3);
  assert.equal(gapIndex([], 5), 0);
});

test('dropping an item into the gap just before or after itself leaves it in place', () => {
  assert.equal(reorderTarget(2, 2), 2);
  assert.equal(reorderTarget(2, 3), 2);
});

test('dropping further down accounts for the item leaving its old place', () => {
  assert.equal(reorderTarget(0, 3), 2);
  assert.equal(reorderTarget(3, 0), 0);
});
