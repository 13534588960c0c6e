import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topClasses } from './probabilities.js';

test('returns the k most probable classes, highest first', () => {
  assert.deepEqual(topClasses([0.1, 0.6, 0.05, 0.25], 3), [
    { classIndex: 1, probability: 0.6 },
    { classIndex: 3, probability: 0.25 },
    { classIndex: 0, probability: 0.1 },
  ]);
});

test('ties keep the lower class index first; k larger than the classes returns them all', () => {
  assert.deepEqual(topClasses([0.5, 0.5], 5).map((c) => c.classIndex), [0, 1]);
  assert.deepEqual(topClasses([1], 0), []);
});
