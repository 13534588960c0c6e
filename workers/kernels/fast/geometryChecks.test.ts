// Bad calls fail before reaching WebAssembly, naming the kernel and what is wrong:
// the kernels trust their arguments, and the memory is shared with other workers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Conv2dGeometry, Pool2dGeometry } from '../backend.js';
import { createFastBackend } from './fastBackend.js';

const backend = createFastBackend({ memoryBytes: 4 * 1024 * 1024 });
const convGeometry: Conv2dGeometry = {
  batch: 1, inChannels: 1, inHeight: 4, inWidth: 4, outChannels: 2, kernelH: 3, kernelW: 3, stride: 1, padding: 1, outHeight: 4, outWidth: 4,
};

test('geometry fields must be integers in range', () => {
  const [x, w, b, y] = [16, 18, 2, 32].map((n) => backend.createBuffer(n));
  assert.throws(() => backend.conv2d(x, w, b, y, { ...convGeometry, padding: -1 }), /conv2d: geometry field padding is -1, expected an integer ≥ 0/);
  assert.throws(() => backend.conv2d(x, w, b, y, { ...convGeometry, stride: 0 }), /conv2d: geometry field stride is 0, expected an integer ≥ 1/);
  assert.throws(() => backend.dense(x, w, b, y, { batch: 1.5, inUnits: 2, outUnits: 2 }), /dense: geometry field batch is 1.5/);
  assert.throws(() => backend.relu(x, y, -3), /relu: length is -3/);
});

test('arrays shorter than the geometry needs are refused by name', () => {
  const [x, w, b, y] = [16, 18, 2, 31].map((n) => backend.createBuffer(n));
  assert.throws(() => backend.conv2d(x, w, b, y, convGeometry), /conv2d: y holds 31 values, the geometry needs 32/);
  assert.throws(() => backend.conv2dBackwardFilter(x, y, w, new Float32Array(1), convGeometry), /conv2dBackwardFilter: dy holds 31 values/);
});

test('pooling windows must lie inside the input', () => {
  const g: Pool2dGeometry = { batch: 1, channels: 1, inHeight: 4, inWidth: 4, size: 2, stride: 2, outHeight: 3, outWidth: 2 };
  const [x, y] = [backend.createBuffer(16), backend.createBuffer(6)];
  assert.throws(() => backend.maxPool2d(x, y, backend.createIndexBuffer(6), g), /maxPool2d: a 3×2 output of 2×2 windows at stride 2 does not fit a 4×4 input/);
});

test('an arena too small for a kernel’s scratch is a named error, not a stray write', () => {
  const small = createFastBackend({ memoryBytes: 65536 });
  const g: Conv2dGeometry = { ...convGeometry, batch: 1, inHeight: 40, inWidth: 40, outHeight: 40, outWidth: 40, inChannels: 4, outChannels: 4 };
  const x = small.createBuffer(4 * 40 * 40);
  const y = small.createBuffer(4 * 40 * 40);
  assert.throws(() => small.conv2d(x, small.createBuffer(144), small.createBuffer(4), y, g), /conv2d: needs \d+ more bytes of scratch/);
});

test('maxPool2dBackward skips argmax entries outside dx instead of writing there', () => {
  const g: Pool2dGeometry = { batch: 1, channels: 1, inHeight: 2, inWidth: 2, size: 2, stride: 2, outHeight: 1, outWidth: 1 };
  const guard = backend.createBuffer(8).fill(3);
  const dx = backend.createBuffer(4);
  const after = backend.createBuffer(8).fill(3);
  backend.maxPool2dBackward(Float32Array.of(1), Int32Array.of(-17), dx, g);
  backend.maxPool2dBackward(Float32Array.of(1), Int32Array.of(4), dx, g);
  assert.deepEqual(Array.from(dx), [0, 0, 0, 0]);
  assert.deepEqual([...guard, ...after], new Array(16).fill(3));
});
