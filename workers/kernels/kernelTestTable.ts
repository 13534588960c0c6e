// One test table for every backend (after tfjs's shared backend tests): each
// kernel is run on seeded random cases — strides 1–3, paddings 0–2, square and
// rectangular kernels and inputs, batch 1 and larger — and compared with the
// float64 reference. Inputs are float32-representable so every backend sees
// exactly the same numbers.
//
// Outputs start as NaN and carry a marked tail past the batch: a kernel must
// overwrite every element it owns and nothing beyond (layers allocate for the
// largest batch and run smaller ones in the same buffers).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { SeededRandom } from '../../common/random.js';
import type { ChannelGeometry, Conv2dGeometry, DenseGeometry, FloatArray, KernelBackend, Pool2dGeometry } from './backend.js';
import { referenceBackend } from './reference/index.js';

const TAIL = 5;
// Different values past inputs and outputs, so copying an input's tail over is caught too.
const INPUT_TAIL_VALUE = 7.25;
const OUTPUT_TAIL_VALUE = -3.5;

function randomValues(random: SeededRandom, length: number, levels = 0): Float64Array {
  const values = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    // With levels, draw from a few integers so equal values (ties, zeros) are common.
    values[k] = levels > 0 ? random.nextInt(levels) - Math.floor(levels / 2) : Math.fround(2 * random.next() - 1);
  }
  return values;
}

function input(backend: KernelBackend, values: Float64Array): FloatArray {
  const buffer = backend.createBuffer(values.length + TAIL);
  buffer.set(values);
  buffer.fill(INPUT_TAIL_VALUE, values.length);
  return buffer;
}

function output(backend: KernelBackend, length: number): FloatArray {
  const buffer = backend.createBuffer(length + TAIL);
  buffer.fill(Number.NaN, 0, length);
  buffer.fill(OUTPUT_TAIL_VALUE, length);
  return buffer;
}

/**
 * Root mean square of `values`, at least 1: the scale of a convolution's
 * outputs. Winograd's rounding error grows with the size of the sums, so an
 * output that happens to cancel to near zero carries the absolute error of
 * its neighbours (F(4×4, 3×3) over 128 channels: about 1e-5 of this scale).
 */
function outputScale(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.max(1, Math.sqrt(sum / Math.max(values.length, 1)));
}

/** Element error: relative for |expected| ≥ scale, absolute in units of `scale` below (inputs lie in [−1, 1]). */
function expectClose(actual: FloatArray, expected: FloatArray, length: number, tolerance: number, what: string, scale = 1): void {
  for (let k = 0; k < length; k++) {
    const error = Math.abs(actual[k] - expected[k]) / Math.max(Math.abs(expected[k]), scale);
    if (!(error <= tolerance)) {
      assert.fail(`${what}: element ${k} is ${actual[k]}, reference ${expected[k]} (error ${error} > ${tolerance})`);
    }
  }
  for (let k = length; k < length + TAIL; k++) {
    assert.equal(actual[k], OUTPUT_TAIL_VALUE, `${what}: wrote past its output (element ${k})`);
  }
}

function convCases(random: SeededRandom): Conv2dGeometry[] {
  const cases: Conv2dGeometry[] = [];
  const add = (batch: number, inC: number, inH: number, inW: number, outC: number, kH: number, kW: number, stride: number, padding: number) => {
    const outHeight = Math.floor((inH + 2 * padding - kH) / stride) + 1;
    const outWidth = Math.floor((inW + 2 * padding - kW) / stride) + 1;
    cases.push({ batch, inChannels: inC, inHeight: inH, inWidth: inW, outChannels: outC, kernelH: kH, kernelW: kW, stride, padding, outHeight, outWidth });
  };
  for (const stride of [1, 2, 3]) {
    for (const padding of [0, 1, 2]) {
      for (const batch of [1, 2 + random.nextInt(3)]) {
        const kH = 1 + random.nextInt(5);
        const kW = random.next() < 0.7 ? kH : 1 + random.nextInt(5);
        const inH = Math.max(kH - 2 * padding, 1) + random.nextInt(8);
        const inW = Math.max(kW - 2 * padding, 1) + random.nextInt(8);
        add(batch, 1 + random.nextInt(4), inH, inW, 1 + random.nextInt(5), kH, kW, stride, padding);
      }
    }
  }
  add(2, 1, 12, 12, 4, 5, 5, 1, 2); // mnist-baseline's first layer, shrunk
  add(1, 3, 7, 5, 2, 1, 1, 2, 0); // 1×1 kernel that skips pixels
  add(1, 2, 3, 3, 2, 3, 3, 1, 0); // kernel as large as the input
  add(3, 2, 2, 3, 3, 4, 4, 2, 2); // kernel larger than the input, reached only through padding
  // The channel counts of VGG-style nets (32–256), maps shrunk: many tile blocks and lane groups.
  add(1, 3, 12, 12, 64, 3, 3, 1, 1); // a first layer: 3 channels in, direct kernels
  add(1, 8, 32, 32, 16, 3, 3, 1, 1); // a 32×32 map: 64 F(4×4, 3×3) tiles an image
  // F(4×4, 3×3) from 16×16 maps on: grids that overhang the map on the right and at the bottom, and one exactly 16 wide.
  add(2, 16, 17, 21, 24, 3, 3, 1, 1);
  add(1, 12, 18, 20, 8, 3, 3, 1, 0);
  add(3, 24, 30, 30, 12, 3, 3, 1, 1);
  add(2, 64, 16, 16, 128, 3, 3, 1, 1); // the filter gradient: 16×16 maps of 64×128 channels, groups of 256 tiles
  // One 2×2 block of tiles an image, images in pairs: F(4×4, 3×3) on 5–8-pixel maps, F(2×2, ·) on 3–4; odd batches leave half a pair.
  add(3, 16, 8, 8, 24, 3, 3, 1, 1);
  add(3, 12, 7, 5, 8, 3, 3, 1, 1);
  add(1, 8, 8, 7, 8, 3, 3, 1, 0);
  add(3, 16, 4, 4, 16, 3, 3, 1, 1);
  add(2, 9, 3, 4, 10, 3, 3, 1, 1);
  add(3, 8, 4, 4, 8, 5, 5, 1, 2);
  add(2, 8, 20, 3, 8, 3, 3, 1, 1); // a tall narrow map: rows of tiles, no block
  add(2, 64, 8, 8, 128, 3, 3, 1, 1);
  add(2, 128, 8, 8, 160, 3, 3, 1, 1); // the filter gradient: two images in one group of 256 tiles
  add(1, 256, 4, 4, 256, 3, 3, 1, 1);
  return cases;
}

function poolCases(random: SeededRandom): Pool2dGeometry[] {
  const cases: Pool2dGeometry[] = [];
  for (const size of [1, 2, 3]) {
    for (const stride of [1, 2, 3]) {
      for (const batch of [1, 2 + random.nextInt(3)]) {
        const inHeight = size + random.nextInt(7);
        const inWidth = size + random.nextInt(7);
        const outHeight = Math.floor((inHeight - size) / stride) + 1;
        const outWidth = Math.floor((inWidth - size) / stride) + 1;
        cases.push({ batch, channels: 1 + random.nextInt(3), inHeight, inWidth, size, stride, outHeight, outWidth });
      }
    }
  }
  return cases;
}

function denseCases(random: SeededRandom): DenseGeometry[] {
  const cases: DenseGeometry[] = [{ batch: 1, inUnits: 1, outUnits: 1 }];
  for (const batch of [1, 2, 3, 7]) {
    cases.push({ batch, inUnits: 1 + random.nextInt(60), outUnits: 1 + random.nextInt(12) });
  }
  return cases;
}

function channelCases(random: SeededRandom): ChannelGeometry[] {
  // Areas around the four-lane width, a dense layer's area of 1, and a CIFAR-sized map.
  const cases: ChannelGeometry[] = [{ batch: 1, channels: 1, area: 1 }, { batch: 16, channels: 3, area: 1024 }];
  for (const area of [1, 3, 4, 5, 8, 49]) cases.push({ batch: 1 + random.nextInt(4), channels: 1 + random.nextInt(6), area });
  return cases;
}

const convSize = {
  x: (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth,
  w: (g: Conv2dGeometry) => g.outChannels * g.inChannels * g.kernelH * g.kernelW,
  y: (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth,
};
const poolSize = {
  x: (g: Pool2dGeometry) => g.batch * g.channels * g.inHeight * g.inWidth,
  y: (g: Pool2dGeometry) => g.batch * g.channels * g.outHeight * g.outWidth,
};

/** Registers the table with node:test for the backend the factory makes. */
export function runKernelTestTable(backendFactory: () => KernelBackend | Promise<KernelBackend>, tolerance: number): void {
  const reference = referenceBackend;
  describe(`kernel test table (relative tolerance ${tolerance})`, () => {
    let backend: KernelBackend;
    before(async () => {
      backend = await backendFactory();
    });

    test('conv2d, conv2dBackwardInput and conv2dBackwardFilter match the reference', () => {
      for (const g of convCases(new SeededRandom(11))) {
        const random = new SeededRandom(g.inHeight * 1000 + g.inWidth);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const [x, w, b, dy] = [convSize.x(g), convSize.w(g), g.outChannels, convSize.y(g)].map((n) => randomValues(random, n));
        const y = output(backend, convSize.y(g));
        const yRef = new Float64Array(convSize.y(g));
        backend.conv2d(input(backend, x), input(backend, w), input(backend, b), y, g);
        reference.conv2d(x, w, b, yRef, g);
        expectClose(y, yRef, yRef.length, tolerance, `conv2d ${what}`, outputScale(yRef));

        const dx = output(backend, convSize.x(g));
        const dxRef = new Float64Array(convSize.x(g));
        backend.conv2dBackwardInput(input(backend, dy), input(backend, w), dx, g);
        reference.conv2dBackwardInput(dy, w, dxRef, g);
        expectClose(dx, dxRef, dxRef.length, tolerance, `conv2dBackwardInput ${what}`, outputScale(dxRef));

        const dw = output(backend, convSize.w(g));
        const db = output(backend, g.outChannels);
        const dwRef = new Float64Array(convSize.w(g));
        const dbRef = new Float64Array(g.outChannels);
        backend.conv2dBackwardFilter(input(backend, x), input(backend, dy), dw, db, g);
        reference.conv2dBackwardFilter(x, dy, dwRef, dbRef, g);
        expectClose(dw, dwRef, dwRef.length, tolerance, `conv2dBackwardFilter dw ${what}`, outputScale(dwRef));
        expectClose(db, dbRef, dbRef.length, tolerance, `conv2dBackwardFilter db ${what}`);
      }
    });

    test('maxPool2d matches the reference, ties going to the first maximum', () => {
      for (const g of poolCases(new SeededRandom(12))) {
        const random = new SeededRandom(g.inHeight * 1000 + g.inWidth);
        for (const levels of [0, 3]) {
          const what = `${backend.name} ${JSON.stringify(g)} levels ${levels}`;
          const x = randomValues(random, poolSize.x(g), levels);
          const y = output(backend, poolSize.y(g));
          const argmax = backend.createIndexBuffer(poolSize.y(g));
          argmax.fill(-1);
          const yRef = new Float64Array(poolSize.y(g));
          const argmaxRef = new Int32Array(poolSize.y(g));
          backend.maxPool2d(input(backend, x), y, argmax, g);
          reference.maxPool2d(x, yRef, argmaxRef, g);
          expectClose(y, yRef, yRef.length, 0, `maxPool2d ${what}`);
          assert.deepEqual(Array.from(argmax), Array.from(argmaxRef), `maxPool2d argmax ${what}`);
        }
      }
    });

    test('maxPool2d picks the first of equal maxima in row-major order', () => {
      const g: Pool2dGeometry = { batch: 1, channels: 1, inHeight: 2, inWidth: 4, size: 2, stride: 2, outHeight: 1, outWidth: 2 };
      const y = output(backend, 2);
      const argmax = backend.createIndexBuffer(2);
      backend.maxPool2d(input(backend, Float64Array.of(0, 5, 1, 2, 5, 5, 2, 1)), y, argmax, g);
      assert.deepEqual(Array.from(y.subarray(0, 2)), [5, 2]);
      assert.deepEqual(Array.from(argmax), [1, 3]);
    });

    test('maxPool2dBackward routes the gradient to the recorded argmax', () => {
      for (const g of poolCases(new SeededRandom(13))) {
        const random = new SeededRandom(g.inHeight * 1000 + g.inWidth);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const argmaxRef = new Int32Array(poolSize.y(g));
        reference.maxPool2d(randomValues(random, poolSize.x(g), 3), new Float64Array(poolSize.y(g)), argmaxRef, g);
        const argmax = backend.createIndexBuffer(argmaxRef.length);
        argmax.set(argmaxRef);
        const dy = randomValues(random, poolSize.y(g));
        const dx = output(backend, poolSize.x(g));
        const dxRef = new Float64Array(poolSize.x(g));
        backend.maxPool2dBackward(input(backend, dy), argmax, dx, g);
        reference.maxPool2dBackward(dy, argmaxRef, dxRef, g);
        expectClose(dx, dxRef, dxRef.length, tolerance, `maxPool2dBackward ${what}`);
      }
    });

    test('dense, denseBackwardInput and denseBackwardWeights match the reference', () => {
      for (const g of denseCases(new SeededRandom(14))) {
        const random = new SeededRandom(g.inUnits * 100 + g.outUnits);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const [x, w, b, dy] = [g.batch * g.inUnits, g.outUnits * g.inUnits, g.outUnits, g.batch * g.outUnits].map((n) =>
          randomValues(random, n),
        );
        const y = output(backend, dy.length);
        const yRef = new Float64Array(dy.length);
        backend.dense(input(backend, x), input(backend, w), input(backend, b), y, g);
        reference.dense(x, w, b, yRef, g);
        expectClose(y, yRef, yRef.length, tolerance, `dense ${what}`);

        const dx = output(backend, x.length);
        const dxRef = new Float64Array(x.length);
        backend.denseBackwardInput(input(backend, dy), input(backend, w), dx, g);
        reference.denseBackwardInput(dy, w, dxRef, g);
        expectClose(dx, dxRef, dxRef.length, tolerance, `denseBackwardInput ${what}`);

        const dw = output(backend, w.length);
        const db = output(backend, g.outUnits);
        const dwRef = new Float64Array(w.length);
        const dbRef = new Float64Array(g.outUnits);
        backend.denseBackwardWeights(input(backend, x), input(backend, dy), dw, db, g);
        reference.denseBackwardWeights(x, dy, dwRef, dbRef, g);
        expectClose(dw, dwRef, dwRef.length, tolerance, `denseBackwardWeights dw ${what}`);
        expectClose(db, dbRef, dbRef.length, tolerance, `denseBackwardWeights db ${what}`);
      }
    });

    test('relu and reluBackward match the reference, with derivative 0 at exactly 0', () => {
      const random = new SeededRandom(15);
      for (const length of [1, 7, 64, 1001]) {
        const x = randomValues(random, length, 5);
        x[0] = 0;
        const dy = randomValues(random, length);
        const y = output(backend, length);
        const dx = output(backend, length);
        backend.relu(input(backend, x), y, length);
        backend.reluBackward(input(backend, x), input(backend, dy), dx, length);
        const yRef = new Float64Array(length);
        const dxRef = new Float64Array(length);
        reference.relu(x, yRef, length);
        reference.reluBackward(x, dy, dxRef, length);
        expectClose(y, yRef, length, 0, `relu ${backend.name} length ${length}`);
        expectClose(dx, dxRef, length, 0, `reluBackward ${backend.name} length ${length}`);
        assert.equal(y[0], 0, 'relu(0) is 0');
        assert.equal(dx[0], 0, 'relu′(0) is 0');
      }
    });

    test('leakyRelu and leakyReluBackward match the reference, with derivative slope at 0', () => {
      const random = new SeededRandom(16);
      for (const [length, slope] of [[1, 0.01], [7, 0.2], [64, 0], [1001, 0.5]] as const) {
        const x = randomValues(random, length, 5);
        x[0] = 0;
        const dy = randomValues(random, length);
        const y = output(backend, length);
        const dx = output(backend, length);
        backend.leakyRelu(input(backend, x), y, length, slope);
        backend.leakyReluBackward(input(backend, x), input(backend, dy), dx, length, slope);
        const yRef = new Float64Array(length);
        const dxRef = new Float64Array(length);
        reference.leakyRelu(x, yRef, length, slope);
        reference.leakyReluBackward(x, dy, dxRef, length, slope);
        expectClose(y, yRef, length, tolerance, `leakyRelu ${backend.name} length ${length}`);
        expectClose(dx, dxRef, length, tolerance, `leakyReluBackward ${backend.name} length ${length}`);
      }
    });

    test('avgPool2d and avgPool2dBackward match the reference, overlapping windows included', () => {
      for (const g of poolCases(new SeededRandom(17))) {
        const random = new SeededRandom(g.inHeight * 1000 + g.inWidth);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const x = randomValues(random, poolSize.x(g));
        const y = output(backend, poolSize.y(g));
        const yRef = new Float64Array(poolSize.y(g));
        backend.avgPool2d(input(backend, x), y, g);
        reference.avgPool2d(x, yRef, g);
        expectClose(y, yRef, yRef.length, tolerance, `avgPool2d ${what}`);
        const dy = randomValues(random, poolSize.y(g));
        const dx = output(backend, poolSize.x(g));
        const dxRef = new Float64Array(poolSize.x(g));
        backend.avgPool2dBackward(input(backend, dy), dx, g);
        reference.avgPool2dBackward(dy, dxRef, g);
        expectClose(dx, dxRef, dxRef.length, tolerance, `avgPool2dBackward ${what}`);
      }
    });

    test('globalAvgPool and globalAvgPoolBackward match the reference', () => {
      for (const g of channelCases(new SeededRandom(18))) {
        const random = new SeededRandom(g.area);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        const planes = g.batch * g.channels;
        const x = randomValues(random, planes * g.area);
        const y = output(backend, planes);
        const yRef = new Float64Array(planes);
        backend.globalAvgPool(input(backend, x), y, g);
        reference.globalAvgPool(x, yRef, g);
        expectClose(y, yRef, planes, tolerance, `globalAvgPool ${what}`);
        const dy = randomValues(random, planes);
        const dx = output(backend, x.length);
        const dxRef = new Float64Array(x.length);
        backend.globalAvgPoolBackward(input(backend, dy), dx, g);
        reference.globalAvgPoolBackward(dy, dxRef, g);
        expectClose(dx, dxRef, x.length, tolerance, `globalAvgPoolBackward ${what}`);
      }
    });

    test('batch norm statistics, forward and backward match the reference, with batch and with running statistics', () => {
      for (const g of channelCases(new SeededRandom(19))) {
        const random = new SeededRandom(g.area * 7 + g.channels);
        const size = g.batch * g.channels * g.area;
        // An offset mean, as activations after a ReLU have: the two-pass variance must not cancel.
        const x = randomValues(random, size).map((v) => Math.fround(3 + v));
        const [scale, shift, dy] = [g.channels, g.channels, size].map((n) => randomValues(random, n));
        const runningMean = randomValues(random, g.channels);
        const runningVariance = randomValues(random, g.channels).map((v) => Math.fround(0.5 + v * v));
        const mean = output(backend, g.channels);
        const variance = output(backend, g.channels);
        const meanRef = new Float64Array(g.channels);
        const varianceRef = new Float64Array(g.channels);
        backend.batchNormStatistics(input(backend, x), mean, variance, g);
        reference.batchNormStatistics(x, meanRef, varianceRef, g);
        const what = `${backend.name} ${JSON.stringify(g)}`;
        expectClose(mean, meanRef, g.channels, tolerance, `batchNormStatistics mean ${what}`);
        expectClose(variance, varianceRef, g.channels, tolerance, `batchNormStatistics variance ${what}`);

        for (const batchStatistics of [true, false]) {
          const [m, v] = batchStatistics ? [meanRef, varianceRef] : [runningMean, runningVariance];
          const mode = `${batchStatistics ? 'batch' : 'running'} statistics ${what}`;
          const epsilon = 1e-5;
          const xHat = output(backend, size);
          const y = output(backend, size);
          const xHatRef = new Float64Array(size);
          const yRef = new Float64Array(size);
          const [mIn, vIn] = [input(backend, Float64Array.from(m, Math.fround)), input(backend, Float64Array.from(v, Math.fround))];
          backend.batchNormForward(input(backend, x), mIn, vIn, input(backend, scale), input(backend, shift), xHat, y, epsilon, g);
          reference.batchNormForward(x, Float64Array.from(m, Math.fround), Float64Array.from(v, Math.fround), scale, shift, xHatRef, yRef, epsilon, g);
          expectClose(y, yRef, size, tolerance, `batchNormForward ${mode}`);

          const dx = output(backend, size);
          const dscale = output(backend, g.channels);
          const dshift = output(backend, g.channels);
          const dxRef = new Float64Array(size);
          const dscaleRef = new Float64Array(g.channels);
          const dshiftRef = new Float64Array(g.channels);
          const xHatIn = input(backend, Float64Array.from(xHatRef, Math.fround));
          backend.batchNormBackward(input(backend, dy), xHatIn, vIn, input(backend, scale), dx, dscale, dshift, epsilon, batchStatistics, g);
          reference.batchNormBackward(dy, Float64Array.from(xHatRef, Math.fround), Float64Array.from(v, Math.fround), scale, dxRef, dscaleRef, dshiftRef, epsilon, batchStatistics, g);
          // Sums of up to 16k products: compare them relative to their own size.
          expectClose(dscale, dscaleRef, g.channels, tolerance * Math.sqrt(size), `batchNormBackward dscale ${mode}`);
          expectClose(dshift, dshiftRef, g.channels, tolerance * Math.sqrt(size), `batchNormBackward dshift ${mode}`);
          expectClose(dx, dxRef, size, tolerance * 10, `batchNormBackward dx ${mode}`);
        }
      }
    });
  });
}
