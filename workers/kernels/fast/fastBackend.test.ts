// The fast backend against the float64 reference: the shared kernel table for
// both builds of the kernels, then the shapes the preset networks use (more
// channels than a tile holds, rows that are not whole tiles, the 2×2 pooling
// fast path), the fused conv2d+ReLU, and arrays that live outside the memory.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { SeededRandom } from '../../../common/random.js';
import type { Conv2dGeometry, FloatArray, Pool2dGeometry } from '../backend.js';
import { runKernelTestTable } from '../kernelTestTable.js';
import { referenceBackend } from '../reference/index.js';
import { createFastBackend, type FastBackend } from './fastBackend.js';
import { compileKernelModule, type KernelBuild } from './kernelModule.js';

// Node 20 accepts relaxed SIMD only behind this flag. Setting it before any
// module compiles lets this file test both builds on every Node version.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const MEMORY_BYTES = 64 * 1024 * 1024;
const BUILDS: KernelBuild[] = ['simd', 'relaxed-simd'];

function backendFor(build: KernelBuild): FastBackend {
  return createFastBackend({ memoryBytes: MEMORY_BYTES, module: compileKernelModule(build) });
}

for (const build of BUILDS) runKernelTestTable(() => backendFor(build), 1e-4);

function conv(batch: number, inC: number, h: number, w: number, outC: number, k: number, stride: number, padding: number): Conv2dGeometry {
  const outHeight = Math.floor((h + 2 * padding - k) / stride) + 1;
  const outWidth = Math.floor((w + 2 * padding - k) / stride) + 1;
  return { batch, inChannels: inC, inHeight: h, inWidth: w, outChannels: outC, kernelH: k, kernelW: k, stride, padding, outHeight, outWidth };
}

const PRESET_CONVS: Conv2dGeometry[] = [
  conv(2, 1, 28, 28, 16, 5, 1, 2), // mnist-baseline conv1
  conv(3, 16, 14, 14, 16, 5, 1, 2), // mnist-baseline conv2
  conv(1, 3, 32, 32, 16, 5, 1, 2), // cifar-baseline conv1 (its filter gradient through Winograd F(2×2, 5×5))
  conv(2, 3, 32, 32, 32, 3, 1, 1), // cifar-fast conv1 (its filter gradient through Winograd F(4×4, 3×3))
  conv(3, 4, 9, 7, 8, 3, 1, 1), // 4 input channels: the filter gradient's Winograd products one column short of a dot tile
  conv(2, 16, 16, 16, 26, 5, 1, 2), // cifar-baseline conv2
  conv(2, 26, 8, 8, 32, 3, 1, 1), // cifar-baseline conv3
  conv(2, 13, 11, 19, 11, 3, 2, 1), // strided, odd sizes, many channels
  conv(1, 7, 9, 5, 9, 4, 3, 2), // rows narrower than a tile
  conv(2, 3, 12, 10, 9, 7, 1, 3), // 7×7: tap runs across filter rows and channels, a wide and a narrow tile
  conv(2, 5, 10, 9, 12, 4, 1, 1), // 4×4: tap runs in the plain build, paired filter rows for the narrow tile
];

// Stride-1 3×3 and 5×5 convolutions with 8 or more channels each side take
// the Winograd path (winogradLayout.ts): tile grids that overhang the output
// (odd sizes), groups of four tiles that overhang it, padding past r − 1 (the
// input gradient then crops), a single output pixel. Maps of 3–4 pixels a side
// are one tile an image, four images to a vector (winogradImageLanes.ts):
// batches that leave a group of four short, more than a pass of 16 images,
// 3-pixel sides that crop the tile, and inputs other than the output's size.
const WINOGRAD_CONVS: Conv2dGeometry[] = [
  conv(5, 12, 4, 4, 10, 3, 1, 1), // cifar-fast's last block, a group of one image after a full one
  conv(16, 20, 4, 4, 9, 3, 1, 1), // a whole training chunk
  conv(19, 9, 4, 3, 8, 3, 1, 1), // 4×3, more images than a pass (16) and a group of three
  conv(3, 8, 3, 3, 11, 3, 1, 1), // 3×3: the tile's last row and column cropped
  conv(2, 10, 6, 5, 8, 3, 1, 0), // 4×3 from a larger input (the input gradient pads by 2)
  conv(6, 8, 2, 2, 12, 3, 1, 2), // 4×4 from 2×2 (the input gradient crops)
  // F(4×4) on 5–8 pixels a side: the filter gradient's products on gemmTile, channels four to a vector.
  conv(17, 11, 8, 8, 10, 3, 1, 1), // more images than a group (16), output channels short of a block of four
  conv(3, 9, 7, 5, 13, 3, 1, 1), // a tile grid that overhangs the output
  conv(3, 10, 16, 16, 12, 3, 1, 1), // 16×16: the filter gradient's dot products, one group of images adding up its lanes
  conv(2, 9, 7, 13, 10, 3, 1, 0),
  conv(1, 8, 9, 6, 8, 5, 1, 1),
  conv(2, 12, 6, 6, 9, 3, 1, 3),
  conv(1, 8, 5, 5, 8, 5, 1, 0),
  conv(3, 17, 11, 23, 13, 5, 1, 2),
  ...randomWinogradConvs(new SeededRandom(2026), 12),
];

/** Stride-1 3×3 and 5×5 convolutions of random sizes (1–20 pixels a side, padding 0–4) with 8–20 channels each side. */
function randomWinogradConvs(random: SeededRandom, count: number): Conv2dGeometry[] {
  const cases: Conv2dGeometry[] = [];
  while (cases.length < count) {
    const k = random.next() < 0.5 ? 3 : 5;
    const padding = random.nextInt(5);
    const [h, w] = [1 + random.nextInt(20), 1 + random.nextInt(20)];
    if (h + 2 * padding < k || w + 2 * padding < k) continue;
    cases.push(conv(1 + random.nextInt(3), 8 + random.nextInt(13), h, w, 8 + random.nextInt(13), k, 1, padding));
  }
  return cases;
}

function randomArray(random: SeededRandom, length: number): Float64Array {
  const values = new Float64Array(length);
  for (let k = 0; k < length; k++) values[k] = Math.fround(2 * random.next() - 1);
  return values;
}

function inMemory(backend: FastBackend, values: Float64Array): Float32Array {
  const buffer = backend.createBuffer(values.length);
  buffer.set(values);
  return buffer;
}

/**
 * Winograd F(2×2, 5×5) evaluates at ±2 and scales by up to 5 in its input
 * transform: float32 rounding grows to about 1e-4 of the output (measured up
 * to 9e-5 on these cases, against 3e-6 for F(2×2, 3×3) and the direct kernels).
 */
function toleranceFor(backend: FastBackend, g: Conv2dGeometry): number {
  return backend.usesWinograd(g) && g.kernelH === 5 ? 3e-4 : 1e-4;
}

function assertClose(actual: FloatArray, expected: FloatArray, what: string, tolerance = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let k = 0; k < expected.length; k++) {
    const error = Math.abs(actual[k] - expected[k]) / Math.max(1, Math.abs(expected[k]));
    if (!(error <= tolerance)) assert.fail(`${what}: element ${k} is ${actual[k]}, reference ${expected[k]} (error ${error} > ${tolerance})`);
  }
}

const sizes = {
  x: (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth,
  w: (g: Conv2dGeometry) => g.outChannels * g.inChannels * g.kernelH * g.kernelW,
  y: (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth,
};

for (const build of BUILDS) {
  describe(`fast backend (${build}) at the presets' shapes`, () => {
    const backend = backendFor(build);

    test('conv2d, conv2dRelu and both conv2d gradients match the reference', () => {
      assert.equal(backend.name, build === 'simd' ? 'fast-wasm-simd' : 'fast-wasm-relaxed-simd');
      for (const g of WINOGRAD_CONVS) assert.ok(backend.usesWinograd(g), `${JSON.stringify(g)} takes the Winograd path`);
      for (const g of [...PRESET_CONVS, ...WINOGRAD_CONVS]) {
        const random = new SeededRandom(sizes.x(g));
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const tolerance = toleranceFor(backend, g);
        const [x, w, b, dy] = [sizes.x(g), sizes.w(g), g.outChannels, sizes.y(g)].map((n) => randomArray(random, n));
        const y = backend.createBuffer(sizes.y(g));
        const yRef = new Float64Array(sizes.y(g));
        backend.conv2d(inMemory(backend, x), inMemory(backend, w), inMemory(backend, b), y, g);
        referenceBackend.conv2d(x, w, b, yRef, g);
        assertClose(y, yRef, `conv2d ${what}`, tolerance);

        backend.conv2dRelu(inMemory(backend, x), inMemory(backend, w), inMemory(backend, b), y, g);
        referenceBackend.relu(yRef, yRef, yRef.length);
        assertClose(y, yRef, `conv2dRelu ${what}`, tolerance);

        const dx = backend.createBuffer(sizes.x(g));
        const dxRef = new Float64Array(sizes.x(g));
        backend.conv2dBackwardInput(inMemory(backend, dy), inMemory(backend, w), dx, g);
        referenceBackend.conv2dBackwardInput(dy, w, dxRef, g);
        assertClose(dx, dxRef, `conv2dBackwardInput ${what}`, tolerance);

        const [dw, db] = [backend.createBuffer(sizes.w(g)), backend.createBuffer(g.outChannels)];
        const [dwRef, dbRef] = [new Float64Array(sizes.w(g)), new Float64Array(g.outChannels)];
        backend.conv2dBackwardFilter(inMemory(backend, x), inMemory(backend, dy), dw, db, g);
        referenceBackend.conv2dBackwardFilter(x, dy, dwRef, dbRef, g);
        assertClose(dw, dwRef, `conv2dBackwardFilter dw ${what}`, tolerance);
        assertClose(db, dbRef, `conv2dBackwardFilter db ${what}`, tolerance);
      }
      assert.equal(backend.stagedArrays, 0, 'buffers from createBuffer are passed without copies');
    });

    test('2×2 max-pooling takes the four-window path on wide rows and matches the reference', () => {
      for (const [channels, size] of [[16, 28], [16, 14], [26, 16], [3, 9], [2, 6]]) {
        const out = Math.floor(size / 2);
        const g: Pool2dGeometry = { batch: 2, channels, inHeight: size, inWidth: size, size: 2, stride: 2, outHeight: out, outWidth: out };
        const random = new SeededRandom(channels * size);
        // Few distinct values, so that ties (first maximum wins) are common.
        const x = Float64Array.from({ length: g.batch * channels * size * size }, () => random.nextInt(4));
        const y = backend.createBuffer(g.batch * channels * out * out);
        const argmax = backend.createIndexBuffer(y.length);
        const yRef = new Float64Array(y.length);
        const argmaxRef = new Int32Array(y.length);
        backend.maxPool2d(inMemory(backend, x), y, argmax, g);
        referenceBackend.maxPool2d(x, yRef, argmaxRef, g);
        assert.deepEqual(Array.from(y), Array.from(yRef), `maxPool2d ${channels}×${size}²`);
        assert.deepEqual(Array.from(argmax), Array.from(argmaxRef), `maxPool2d argmax ${channels}×${size}²`);
      }
    });

    test('2×2 max-pooling backward over windows that tile the input writes the scatter’s dx to the bit, signed zeros included', () => {
      // 26×16² and 2×6² end rows in scalar windows; 3×9² does not tile (the general kernel).
      for (const [channels, size] of [[16, 28], [16, 14], [26, 16], [2, 6], [3, 9]]) {
        const out = Math.floor(size / 2);
        const g: Pool2dGeometry = { batch: 2, channels, inHeight: size, inWidth: size, size: 2, stride: 2, outHeight: out, outWidth: out };
        const random = new SeededRandom(channels + size);
        const x = Float64Array.from({ length: g.batch * channels * size * size }, () => random.nextInt(4));
        const argmax = backend.createIndexBuffer(g.batch * channels * out * out);
        referenceBackend.maxPool2d(x, new Float64Array(argmax.length), argmax, g);
        // Float32 values, a quarter of them −0 (the scatter's 0 + dy turns those into +0).
        const dy = Float64Array.from({ length: argmax.length }, () => (random.nextInt(4) === 0 ? -0 : Math.fround(random.next() * 2 - 1)));
        const dx = backend.createBuffer(g.batch * channels * size * size);
        dx.fill(Number.NaN);
        const dxRef = new Float64Array(dx.length);
        backend.maxPool2dBackward(inMemory(backend, dy), argmax, dx, g);
        referenceBackend.maxPool2dBackward(dy, argmax, dxRef, g);
        const different = Array.from(dx).findIndex((value, i) => !Object.is(value, Math.fround(dxRef[i])));
        assert.equal(different, -1, `maxPool2dBackward ${channels}×${size}²: dx[${different}] = ${dx[different]}, expected ${dxRef[different]}`);
      }
    });

    test('a Winograd filter gradient of one group of images equals, to the bit, the same images followed by groups of zero images', () => {
      // 16 images are one group; followed by 240 all-zero ones they are several, whose products go the other way:
      // on F(4×4) maps of at most 8×8 (gemmTile) a later group adds to dU, and on F(2×2, 5×5)'s 4×4 the dot products'
      // four-lane sums are added up at the end. The zero images add exact zeros, so both must agree value for value
      // (±0 aside).
      for (const [inC, size, outC, k] of [[24, 8, 20, 3], [20, 4, 12, 3], [9, 4, 14, 5], [13, 8, 10, 3]]) {
        const padding = (k - 1) / 2;
        const one = conv(16, inC, size, size, outC, k, 1, padding);
        const many = { ...one, batch: 256 };
        assert.ok(backend.usesWinograd(one), `${inC}→${outC} on ${size}×${size} takes the Winograd path`);
        const random = new SeededRandom(inC * size + outC);
        const [x, dy] = [randomArray(random, sizes.x(one)), randomArray(random, sizes.y(one))];
        const padded = (values: Float64Array, length: number): Float64Array => { const all = new Float64Array(length); all.set(values); return all; };
        const gradientOf = (g: Conv2dGeometry, xs: Float64Array, dys: Float64Array): Float32Array[] => {
          const [dw, db] = [backend.createBuffer(sizes.w(g)), backend.createBuffer(g.outChannels)];
          backend.conv2dBackwardFilter(inMemory(backend, xs), inMemory(backend, dys), dw, db, g);
          return [dw.slice(), db.slice()];
        };
        const [dwOne, dbOne] = gradientOf(one, x, dy);
        const [dwMany, dbMany] = gradientOf(many, padded(x, sizes.x(many)), padded(dy, sizes.y(many)));
        const differs = (a: Float32Array, b: Float32Array): number => a.findIndex((value, i) => value !== b[i]);
        assert.equal(differs(dwOne, dwMany), -1, `dw ${inC}→${outC} on ${size}×${size}, ${k}×${k}`);
        assert.equal(differs(dbOne, dbMany), -1, `db ${inC}→${outC} on ${size}×${size}, ${k}×${k}`);
        assert.ok(dwOne.some((value) => value !== 0), 'the gradient is not all zeros');
      }
    });
  });
}

test('arrays outside the kernel memory, float32 or float64, give the same results and keep their tails', () => {
  const backend = backendFor('simd');
  const g = PRESET_CONVS[1];
  const random = new SeededRandom(5);
  const [x, w, b] = [sizes.x(g), sizes.w(g), g.outChannels].map((n) => randomArray(random, n));
  const fast = backend.createBuffer(sizes.y(g));
  backend.conv2d(inMemory(backend, x), inMemory(backend, w), inMemory(backend, b), fast, g);
  assert.equal(backend.stagedArrays, 0);

  const plain = new Float32Array(sizes.y(g) + 3).fill(9);
  backend.conv2d(Float32Array.from(x), Float32Array.from(w), Float32Array.from(b), plain, g);
  assert.deepEqual(plain.subarray(0, fast.length), fast, 'plain Float32Arrays: bit-identical');
  assert.deepEqual(Array.from(plain.subarray(fast.length)), [9, 9, 9], 'nothing written past the output');

  const wide = new Float64Array(sizes.y(g));
  backend.conv2d(x, w, b, wide, g);
  assert.deepEqual(wide, Float64Array.from(fast), 'Float64Arrays: the float32 results, widened');
  assert.equal(backend.stagedArrays, 8, 'four arrays staged per call');

  const inPlace = Float64Array.from(x, (v) => v - 0.5);
  const expected = inPlace.map((v) => (v > 0 ? v : 0));
  backend.relu(inPlace, inPlace, inPlace.length);
  assert.deepEqual(inPlace, expected, 'in place, through scratch');
});

test('the same call twice gives bit-identical results', () => {
  const backend = backendFor('relaxed-simd');
  const g = PRESET_CONVS[3];
  const random = new SeededRandom(6);
  const [x, dy] = [inMemory(backend, randomArray(random, sizes.x(g))), inMemory(backend, randomArray(random, sizes.y(g)))];
  const runs = [0, 1].map(() => {
    const [dw, db] = [backend.createBuffer(sizes.w(g)), backend.createBuffer(g.outChannels)];
    backend.conv2dBackwardFilter(x, dy, dw, db, g);
    return [dw, db];
  });
  assert.deepEqual(runs[0], runs[1]);
});
