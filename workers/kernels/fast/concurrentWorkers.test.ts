// Several worker threads, one backend each, running kernels at the same time
// over one shared memory: each stays inside its own arena (scratch included),
// and each gets exactly the single-threaded results. The workers see
// different images, so one trampling the other's scratch would show.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { SeededRandom } from '../../../common/random.js';
import type { Conv2dGeometry } from '../backend.js';
import { createFastBackend } from './fastBackend.js';
import { Arena, createKernelMemory, type MemoryRegion } from './kernelMemory.js';
import { compileKernelModule } from './kernelModule.js';

const g: Conv2dGeometry = {
  batch: 6, inChannels: 16, inHeight: 14, inWidth: 14, outChannels: 16, kernelH: 5, kernelW: 5, stride: 1, padding: 2, outHeight: 14, outWidth: 14,
};
const SIZES = { x: 6 * 16 * 14 * 14, w: 16 * 16 * 25, b: 16, y: 6 * 16 * 14 * 14 };
const ROUNDS = 10;
const GUARD = 7.5;

// Runs in each worker: the three conv kernels, ROUNDS times, on the shared inputs.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.backendUrl).then(({ createFastBackend }) => {
  const { memory, module, arena, inputs, g, rounds } = workerData;
  const backend = createFastBackend({ memory, arena, module });
  const [x, w, b] = inputs.map(([offset, length]) => backend.floatsAt(offset, length));
  const y = backend.createBuffer(${SIZES.y});
  const dx = backend.createBuffer(${SIZES.x});
  const dw = backend.createBuffer(${SIZES.w});
  const db = backend.createBuffer(${SIZES.b});
  for (let round = 0; round < rounds; round++) {
    backend.conv2dRelu(x, w, b, y, g);
    backend.conv2dBackwardInput(y, w, dx, g);
    backend.conv2dBackwardFilter(x, y, dw, db, g);
  }
  parentPort.postMessage({ outputs: [y, dx, dw, db].map((v) => [v.byteOffset, v.length]), staged: backend.stagedArrays });
});
`;

function runWorker(workerData: object): Promise<{ outputs: Array<[number, number]>; staged: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

test('two workers sharing one memory stay in their arenas and match one thread bit for bit', async () => {
  const memory = createKernelMemory(16 * 1024 * 1024);
  const root = new Arena(memory, { offset: 0, bytes: memory.buffer.byteLength });
  const random = new SeededRandom(21);
  const randomTensor = (length: number) => {
    const view = root.floats(length);
    for (let k = 0; k < length; k++) view[k] = 2 * random.next() - 1;
    return view;
  };
  const [w, b] = [randomTensor(SIZES.w), randomTensor(SIZES.b)];
  const images = [randomTensor(SIZES.x), randomTensor(SIZES.x)];
  // Guard bands around each worker's arena must come back untouched.
  const guards: Float32Array[] = [];
  const arenas: MemoryRegion[] = [];
  for (let k = 0; k < 2; k++) {
    guards.push(root.floats(1024).fill(GUARD));
    arenas.push(root.carve(4 * 1024 * 1024));
  }
  guards.push(root.floats(1024).fill(GUARD));

  const module = compileKernelModule();
  const backendUrl = new URL('./fastBackend.js', import.meta.url).href;
  const results = await Promise.all(
    arenas.map((arena, k) =>
      runWorker({ backendUrl, memory, module, arena, inputs: [images[k], w, b].map((v) => [v.byteOffset, v.length]), g, rounds: ROUNDS }),
    ),
  );

  const single = createFastBackend({ module, memoryBytes: 8 * 1024 * 1024 });
  const copy = (v: Float32Array) => {
    const buffer = single.createBuffer(v.length);
    buffer.set(v);
    return buffer;
  };
  for (const [k, result] of results.entries()) {
    const x = copy(images[k]);
    const expected = [single.createBuffer(SIZES.y), single.createBuffer(SIZES.x), single.createBuffer(SIZES.w), single.createBuffer(SIZES.b)];
    single.conv2dRelu(x, copy(w), copy(b), expected[0], g);
    single.conv2dBackwardInput(expected[0], copy(w), expected[1], g);
    single.conv2dBackwardFilter(x, expected[0], expected[2], expected[3], g);
    assert.equal(result.staged, 0, `worker ${k} used the shared views without copies`);
    result.outputs.forEach(([offset, length], index) => {
      assert.ok(offset >= arenas[k].offset && offset + 4 * length <= arenas[k].offset + arenas[k].bytes, `worker ${k} output ${index} in its arena`);
      assert.deepEqual(new Float32Array(memory.buffer, offset, length), expected[index], `worker ${k} output ${index}`);
    });
  }
  for (const guard of guards) assert.ok(guard.every((v) => v === GUARD), 'guard bands untouched');
});
