import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunksOf } from './chunks.js';

test('a batch splits into fixed-size chunks, the last one partial', () => {
  assert.deepEqual(chunksOf(40, 16), [
    { index: 0, start: 0, count: 16 },
    { index: 1, start: 16, count: 16 },
    { index: 2, start: 32, count: 8 },
  ]);
  assert.deepEqual(chunksOf(5, 16), [{ index: 0, start: 0, count: 5 }]);
});
