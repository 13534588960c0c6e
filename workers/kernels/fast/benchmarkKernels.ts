// Times the fast kernels at the preset networks' shapes on one thread, called
// on chunks of 16 images as training calls them, and prints the time per
// batch of 64, GFLOP/s per kernel and the kernels-only training rate.
// Not a test (speed is never asserted): run it by hand after a build,
//   node dist/workers/kernels/fast/benchmarkKernels.js [relaxed-simd|simd] [net name part]
// (the relaxed build needs node --experimental-wasm-relaxed-simd on Node 20).

import type { Conv2dGeometry, DenseGeometry, Pool2dGeometry } from '../backend.js';
import { createFastBackend, type FastBackend } from './fastBackend.js';
import { compileKernelModule, type KernelBuild } from './kernelModule.js';
import { CHUNK_SIZE } from '../../training/chunks.js';

const BATCH = 64;
/** Calls per batch: every kernel call covers one chunk. */
const CALLS = BATCH / CHUNK_SIZE;

function conv(inC: number, size: number, outC: number, k: number, padding: number): Conv2dGeometry {
  const out = size + 2 * padding - k + 1;
  return { batch: CHUNK_SIZE, inChannels: inC, inHeight: size, inWidth: size, outChannels: outC, kernelH: k, kernelW: k, stride: 1, padding, outHeight: out, outWidth: out };
}

function pool(channels: number, size: number): Pool2dGeometry {
  return { batch: CHUNK_SIZE, channels, inHeight: size, inWidth: size, size: 2, stride: 2, outHeight: size / 2, outWidth: size / 2 };
}

interface Layers {
  convs: Conv2dGeometry[];
  pools: Pool2dGeometry[];
  denses: DenseGeometry[];
}

const NETS: Record<string, Layers> = {
  'mnist-baseline': {
    convs: [conv(1, 28, 16, 5, 2), conv(16, 14, 16, 5, 2)],
    pools: [pool(16, 28), pool(16, 14)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 784, outUnits: 10 }],
  },
  'cifar-baseline': {
    convs: [conv(3, 32, 16, 5, 2), conv(16, 16, 26, 5, 2), conv(26, 8, 32, 3, 1)],
    pools: [pool(16, 32), pool(26, 16)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 2048, outUnits: 20 }, { batch: CHUNK_SIZE, inUnits: 20, outUnits: 10 }],
  },
  'widths 32-64-128 (two 3×3 convs a stage)': {
    convs: [conv(3, 32, 32, 3, 1), conv(32, 32, 32, 3, 1), conv(32, 16, 64, 3, 1), conv(64, 16, 64, 3, 1), conv(64, 8, 128, 3, 1), conv(128, 8, 128, 3, 1)],
    pools: [pool(32, 32), pool(64, 16), pool(128, 8)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 128, outUnits: 10 }],
  },
  'cifar-fast (blocks 32-64-128, pooling after the first conv)': {
    convs: [conv(3, 32, 32, 3, 1), conv(32, 16, 32, 3, 1), conv(32, 16, 64, 3, 1), conv(64, 8, 64, 3, 1), conv(64, 8, 128, 3, 1), conv(128, 4, 128, 3, 1)],
    pools: [pool(32, 32), pool(64, 16), pool(128, 8)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 128, outUnits: 10 }],
  },
  'airbench-style (24-filter stem, blocks 64-128-128)': {
    convs: [conv(3, 32, 24, 3, 1), conv(24, 32, 64, 3, 1), conv(64, 16, 64, 3, 1), conv(64, 16, 128, 3, 1), conv(128, 8, 128, 3, 1), conv(128, 8, 128, 3, 1), conv(128, 4, 128, 3, 1)],
    pools: [pool(64, 32), pool(128, 16), pool(128, 8)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 128, outUnits: 10 }],
  },
  'widths 64-128-256 (two 3×3 convs a stage)': {
    convs: [conv(3, 32, 64, 3, 1), conv(64, 32, 64, 3, 1), conv(64, 16, 128, 3, 1), conv(128, 16, 128, 3, 1), conv(128, 8, 256, 3, 1), conv(256, 8, 256, 3, 1)],
    pools: [pool(64, 32), pool(128, 16), pool(256, 8)],
    denses: [{ batch: CHUNK_SIZE, inUnits: 256, outUnits: 10 }],
  },
};

function filled(backend: FastBackend, length: number): Float32Array {
  const buffer = backend.createBuffer(length);
  for (let k = 0; k < length; k++) buffer[k] = Math.random() * 2 - 1;
  return buffer;
}

/**
 * Seconds of CPU time per batch (CALLS runs), the fastest of several: on a
 * shared machine wall time measures the neighbours, CPU time measures the kernel.
 */
function time(run: () => void): number {
  for (let k = 0; k < 3; k++) run();
  let best = Infinity;
  for (let sample = 0; sample < 5; sample++) {
    const start = process.cpuUsage();
    for (let k = 0; k < 5; k++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 5e6);
  }
  return CALLS * best;
}

function report(what: string, seconds: number, flops: number): void {
  const gflops = flops > 0 ? `${(flops / seconds / 1e9).toFixed(1).padStart(6)} GFLOP/s` : '';
  console.log(`  ${what.padEnd(48)} ${(seconds * 1e3).toFixed(3).padStart(8)} ms ${gflops}`);
}

function benchmarkNet(backend: FastBackend, name: string, layers: Layers): void {
  console.log(name);
  let total = 0;
  for (const g of layers.convs) {
    const x = filled(backend, g.batch * g.inChannels * g.inHeight * g.inWidth);
    const w = filled(backend, g.outChannels * g.inChannels * g.kernelH * g.kernelW);
    const b = filled(backend, g.outChannels);
    const y = filled(backend, g.batch * g.outChannels * g.outHeight * g.outWidth);
    const dw = filled(backend, w.length);
    const db = filled(backend, b.length);
    const flops = CALLS * 2 * y.length * g.inChannels * g.kernelH * g.kernelW;
    const shape = `${g.inChannels}×${g.inHeight}² → ${g.outChannels}, ${g.kernelH}×${g.kernelW}`;
    const forward = time(() => backend.conv2dRelu(x, w, b, y, g));
    const input = time(() => backend.conv2dBackwardInput(y, w, x, g));
    const filter = time(() => backend.conv2dBackwardFilter(x, y, dw, db, g));
    report(`conv2dRelu ${shape}`, forward, flops);
    report(`conv2dBackwardInput ${shape}`, input, flops);
    report(`conv2dBackwardFilter ${shape}`, filter, flops);
    // The first layer's input gradient is never needed.
    total += forward + filter + (g === layers.convs[0] ? 0 : input);
  }
  for (const g of layers.pools) {
    const x = filled(backend, g.batch * g.channels * g.inHeight * g.inWidth);
    const y = filled(backend, g.batch * g.channels * g.outHeight * g.outWidth);
    const argmax = backend.createIndexBuffer(y.length);
    const forward = time(() => backend.maxPool2d(x, y, argmax, g));
    const backward = time(() => backend.maxPool2dBackward(y, argmax, x, g));
    const relu = time(() => backend.reluBackward(x, x, x, x.length));
    report(`maxPool2d ${g.channels}×${g.inHeight}²`, forward, 0);
    report(`maxPool2dBackward ${g.channels}×${g.inHeight}²`, backward, 0);
    report(`reluBackward ${x.length}`, relu, 0);
    total += forward + backward + relu;
  }
  for (const g of layers.denses) {
    const x = filled(backend, g.batch * g.inUnits);
    const w = filled(backend, g.inUnits * g.outUnits);
    const b = filled(backend, g.outUnits);
    const y = filled(backend, g.batch * g.outUnits);
    const flops = CALLS * 2 * g.batch * g.inUnits * g.outUnits;
    const forward = time(() => backend.dense(x, w, b, y, g));
    const input = time(() => backend.denseBackwardInput(y, w, x, g));
    const weights = time(() => backend.denseBackwardWeights(x, y, w, b, g));
    report(`dense ${g.inUnits} → ${g.outUnits}`, forward, flops);
    report(`denseBackwardInput ${g.inUnits} → ${g.outUnits}`, input, flops);
    report(`denseBackwardWeights ${g.inUnits} → ${g.outUnits}`, weights, flops);
    total += forward + input + weights;
  }
  console.log(`  kernels of one training step: ${(total * 1e3).toFixed(2)} ms, ${Math.round(BATCH / total)} images/s on one thread`);
}

const build = process.argv[2] as KernelBuild | undefined;
// An optional second argument picks the nets whose names contain it (while tuning one).
const only = process.argv[3] ?? '';
const backend = createFastBackend({ module: compileKernelModule(build) });
console.log(`${backend.name}, batch ${BATCH} in calls of ${CHUNK_SIZE}, one thread`);
for (const [name, layers] of Object.entries(NETS)) {
  if (name.includes(only)) benchmarkNet(backend, name, layers);
}
