// Golden cases worked out by hand from the report's equations, so the
// reference is pinned to numbers a person can check on paper, not only to
// finite differences of itself.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Conv2dGeometry, Pool2dGeometry } from '../backend.js';
import { referenceBackend as ref } from './index.js';

const values = (array: ArrayLike<number>) => Array.from(array);

test('dense 2×2: Y = W·X + b, ∂L/∂X = Wᵀ ∂L/∂Y, ∂L/∂W = ∂L/∂Y Xᵀ, ∂L/∂b = ∂L/∂Y', () => {
  const g = { batch: 1, inUnits: 2, outUnits: 2 };
  const w = Float64Array.of(1, 2, 3, 4); // [[1, 2], [3, 4]]
  const b = Float64Array.of(0.5, -1);
  const x = Float64Array.of(1, -1);
  const y = new Float64Array(2);
  ref.dense(x, w, b, y, g);
  assert.deepEqual(values(y), [1 - 2 + 0.5, 3 - 4 - 1]);

  const dy = Float64Array.of(1, 2);
  const dx = new Float64Array(2);
  ref.denseBackwardInput(dy, w, dx, g);
  assert.deepEqual(values(dx), [1 * 1 + 3 * 2, 2 * 1 + 4 * 2]);

  const dw = new Float64Array(4);
  const db = new Float64Array(2);
  ref.denseBackwardWeights(x, dy, dw, db, g);
  assert.deepEqual(values(dw), [1, -1, 2, -2]);
  assert.deepEqual(values(db), [1, 2]);
});

test('conv 3×3, stride 2, padding 1 on a 3×3 image, forward and both backward passes', () => {
  // x = 1..9 row-major; the filter has taps 1 at (0,0), 1 at (1,1), −1 at (2,2).
  const g: Conv2dGeometry = {
    batch: 1, inChannels: 1, inHeight: 3, inWidth: 3, outChannels: 1,
    kernelH: 3, kernelW: 3, stride: 2, padding: 1, outHeight: 2, outWidth: 2,
  };
  const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
  const w = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, -1);
  const b = Float64Array.of(0.5);
  const y = new Float64Array(4);
  ref.conv2d(x, w, b, y, g);
  // Output (i,j) reads rows 2i−1..2i+1 and columns 2j−1..2j+1 (zero outside):
  // (0,0): 0 + x11 − x22 = 1 − 5; (0,1): 0 + x13 − 0 = 3; (1,0): 0 + x31 − 0 = 7; (1,1): x22 + x33 − 0 = 5 + 9.
  assert.deepEqual(values(y), [1 - 5 + 0.5, 3 + 0.5, 7 + 0.5, 5 + 9 + 0.5]);

  const dy = Float64Array.of(1, 2, 3, 4);
  const dw = new Float64Array(9);
  const db = new Float64Array(1);
  ref.conv2dBackwardFilter(x, dy, dw, db, g);
  // dw[p,q] = Σ dy[i,j]·x[2i+p−1, 2j+q−1]; e.g. the centre tap sees every output: 1·1 + 2·3 + 3·7 + 4·9 = 64.
  assert.deepEqual(values(dw), [4 * 5, 3 * 4 + 4 * 6, 3 * 5, 2 * 2 + 4 * 8, 64, 1 * 2 + 3 * 8, 2 * 5, 1 * 4 + 2 * 6, 1 * 5]);
  assert.deepEqual(values(db), [10]);

  const dx = new Float64Array(9);
  ref.conv2dBackwardInput(dy, w, dx, g);
  // The centre tap sends dy to the corners; tap (0,0) sends dy[1,1] and tap (2,2) sends −dy[0,0] to the middle.
  assert.deepEqual(values(dx), [1, 0, 2, 0, 4 - 1, 0, 3, 0, 4]);
});

test('max-pool with ties routes the gradient to the first maximum', () => {
  const g: Pool2dGeometry = { batch: 1, channels: 1, inHeight: 2, inWidth: 4, size: 2, stride: 2, outHeight: 1, outWidth: 2 };
  // Window 0 holds 1, 3 / 3, 2: the 3 at index 1 comes first. Window 1 is all zeros: index 2.
  const x = Float64Array.of(1, 3, 0, 0, 3, 2, 0, 0);
  const y = new Float64Array(2);
  const argmax = new Int32Array(2);
  ref.maxPool2d(x, y, argmax, g);
  assert.deepEqual(values(y), [3, 0]);
  assert.deepEqual(values(argmax), [1, 2]);

  const dx = Float64Array.of(9, 9, 9, 9, 9, 9, 9, 9);
  ref.maxPool2dBackward(Float64Array.of(5, 7), argmax, dx, g);
  assert.deepEqual(values(dx), [0, 5, 7, 0, 0, 0, 0, 0]);
});

test('relu at exactly 0 outputs 0 and passes no gradient', () => {
  const x = Float64Array.of(-1, 0, 2, -0);
  const y = new Float64Array(4);
  ref.relu(x, y, 4);
  assert.deepEqual(values(y), [0, 0, 2, 0]);
  assert.ok(Object.is(y[3], 0), 'relu(−0) is +0');
  const dx = new Float64Array(4);
  ref.reluBackward(x, Float64Array.of(1, 1, 1, 1), dx, 4);
  assert.deepEqual(values(dx), [0, 0, 1, 0]);
});
