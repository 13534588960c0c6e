// Arenas hand out aligned, zeroed, non-overlapping pieces of one memory and
// say clearly when they run out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, createKernelMemory } from './kernelMemory.js';

test('a kernel memory is shared, page-rounded and never grows', () => {
  const memory = createKernelMemory(100_000);
  const buffer: ArrayBufferLike = memory.buffer;
  assert.ok(buffer instanceof SharedArrayBuffer);
  assert.equal(memory.buffer.byteLength, 2 * 65536);
  assert.throws(() => memory.grow(1), RangeError);
  assert.throws(() => createKernelMemory(0), /kernel memory: 0 bytes requested/);
});

test('allocations are 64-byte aligned, zero-filled views of the memory, one after another', () => {
  const memory = createKernelMemory(65536);
  new Uint8Array(memory.buffer).fill(0xff);
  const arena = new Arena(memory, { offset: 128, bytes: 4096 });
  const a = arena.floats(3);
  const b = arena.ints(5);
  assert.equal(a.buffer, memory.buffer);
  assert.deepEqual([a.byteOffset, b.byteOffset], [128, 192]);
  assert.deepEqual(Array.from(a), [0, 0, 0]);
  assert.deepEqual(Array.from(b), [0, 0, 0, 0, 0]);
  assert.deepEqual(arena.free, { offset: 256, bytes: 4096 + 128 - 256 });
});

test('carved regions are disjoint and become arenas of their own', () => {
  const memory = createKernelMemory(65536);
  const root = new Arena(memory, { offset: 0, bytes: 65536 });
  const shared = root.floats(10);
  const first = root.carve(1000);
  const second = root.carve(1000);
  assert.deepEqual(first, { offset: 64, bytes: 1024 });
  assert.deepEqual(second, { offset: 1088, bytes: 1024 });
  const worker = new Arena(memory, first);
  worker.floats(256).fill(1);
  assert.deepEqual(Array.from(shared), new Array(10).fill(0));
  assert.equal(new Float32Array(memory.buffer, second.offset, 1)[0], 0);
});

test('a full arena and a region outside the memory are named errors', () => {
  const memory = createKernelMemory(65536);
  const arena = new Arena(memory, { offset: 0, bytes: 1024 });
  arena.floats(200);
  assert.throws(() => arena.floats(100), /arena full: 400 bytes requested, 192 of 1024 left/);
  assert.throws(() => new Arena(memory, { offset: 65536 - 64, bytes: 128 }), /not a 64-byte aligned region/);
  assert.throws(() => new Arena(memory, { offset: 10, bytes: 64 }), /not a 64-byte aligned region/);
});
