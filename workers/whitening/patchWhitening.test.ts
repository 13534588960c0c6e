// The whitening math on its own: patch covariance, the Jacobi
// eigendecomposition and airbench's scaled ± filters.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from '../../common/random.js';
import { PatchCovariance } from './patchCovariance.js';
import { symmetricEigen } from './symmetricEigen.js';
import { whiteningFilters } from './whiteningFilters.js';

function randomSymmetric(random: SeededRandom, n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let s = r; s < n; s++) m[r * n + s] = m[s * n + r] = random.nextNormal();
  return m;
}

/** Correlated images: each pixel a smoothed random field, so the patch covariance is far from diagonal. */
function smoothImages(random: SeededRandom, count: number, channels: number, side: number): Float32Array {
  const out = new Float32Array(count * channels * side * side);
  for (let n = 0; n < count; n++) {
    const field = Float64Array.from({ length: (side + 1) * (side + 1) }, () => random.nextNormal());
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const f = (yy: number, xx: number) => field[yy * (side + 1) + xx];
          out[((n * channels + c) * side + y) * side + x] = f(y, x) + f(y + 1, x) + f(y, x + 1) + (c + 1) * 0.3 * f(y + 1, x + 1) + 0.5;
        }
      }
    }
  }
  return out;
}

test('the covariance of known patches: E[p·pᵀ] over every position, not mean-centred, laid out [channel][row][column]', () => {
  // One 1-channel 2×3 image: its 2×2 patches are [1,2,4,5] and [2,3,5,6].
  const covariance = new PatchCovariance({ channels: 1, height: 2, width: 3 }, 2);
  covariance.add([1, 2, 3, 4, 5, 6], 1);
  assert.equal(covariance.patches, 2);
  const patches = [[1, 2, 4, 5], [2, 3, 5, 6]];
  const expected = Array.from({ length: 16 }, (_, k) => (patches[0][k >> 2] * patches[0][k & 3] + patches[1][k >> 2] * patches[1][k & 3]) / 2);
  assert.deepEqual(Array.from(covariance.covariance()), expected);
  // Two channels, 1×1 patches: the channel cross-moment.
  const channels = new PatchCovariance({ channels: 2, height: 1, width: 2 }, 1);
  channels.add([1, -1, 2, 3], 1);
  assert.deepEqual(Array.from(channels.covariance()), [1, (2 - 3) / 2, (2 - 3) / 2, (4 + 9) / 2]);
});

test('adding images in blocks gives the same bits as all at once', () => {
  const random = new SeededRandom(3);
  const images = smoothImages(random, 10, 3, 6);
  const whole = new PatchCovariance({ channels: 3, height: 6, width: 6 }, 2);
  whole.add(images, 10);
  const blocks = new PatchCovariance({ channels: 3, height: 6, width: 6 }, 2);
  blocks.add(images.subarray(0, 3 * 108), 3);
  blocks.add(images.subarray(3 * 108), 7);
  assert.deepEqual(blocks.covariance(), whole.covariance());
});

test('a patch larger than the image is refused', () => {
  assert.throws(() => new PatchCovariance({ channels: 1, height: 2, width: 5 }, 3), /3×3 patch does not fit 2×5 images/);
});

test('Jacobi: orthonormal eigenvectors that rebuild the matrix, eigenvalues largest first', () => {
  const random = new SeededRandom(1);
  for (const n of [1, 2, 5, 12, 27]) {
    const m = randomSymmetric(random, n);
    const { values, vectors } = symmetricEigen(m, n);
    for (let r = 1; r < n; r++) assert.ok(values[r - 1] >= values[r], `n=${n}: descending`);
    for (let r = 0; r < n; r++) {
      for (let s = 0; s < n; s++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[r * n + k] * vectors[s * n + k];
        assert.ok(Math.abs(dot - (r === s ? 1 : 0)) < 1e-12, `n=${n}: v${r}·v${s} = ${dot}`);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        for (let r = 0; r < n; r++) rebuilt += values[r] * vectors[r * n + i] * vectors[r * n + j];
        assert.ok(Math.abs(rebuilt - m[i * n + j]) < 1e-11, `n=${n}: A[${i}][${j}]`);
      }
    }
  }
});

test('Jacobi: a diagonal matrix gives its diagonal and unit vectors; the zero matrix gives zeros; a non-symmetric one is refused', () => {
  const { values, vectors } = symmetricEigen([2, 0, 0, 0, 5, 0, 0, 0, -1], 3);
  assert.deepEqual(Array.from(values), [5, 2, -1]);
  assert.deepEqual(Array.from(vectors), [0, 1, 0, 1, 0, 0, 0, 0, 1]);
  const zero = symmetricEigen(new Float64Array(4), 2);
  assert.deepEqual(Array.from(zero.values), [0, 0]);
  assert.throws(() => symmetricEigen([1, 2, 3, 4], 2), /not symmetric at \(0, 1\)/);
});

test('whitening filters: ± pairs, and patches through the first half have about the identity covariance on the top components', () => {
  const random = new SeededRandom(2);
  const shape = { channels: 3, height: 10, width: 10 };
  const images = smoothImages(random, 200, 3, 10);
  const covariance = new PatchCovariance(shape, 2);
  covariance.add(images, 200);
  const d = covariance.size;
  const c = covariance.covariance();
  const epsilon = 5e-4;
  const filters = whiteningFilters(c, d, epsilon);
  assert.equal(filters.length, 2 * d * d);
  for (let k = 0; k < d * d; k++) assert.equal(filters[d * d + k], -filters[k]);
  // W·C·Wᵀ = diag(λ/(λ + ε)): the identity where λ ≫ ε.
  const { values } = symmetricEigen(c, d);
  for (let r = 0; r < d; r++) {
    for (let s = 0; s < d; s++) {
      let value = 0;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) value += filters[r * d + i] * c[i * d + j] * filters[s * d + j];
      const expected = r === s ? values[r] / (values[r] + epsilon) : 0;
      assert.ok(Math.abs(value - expected) < 1e-9, `(${r}, ${s}): ${value}, expected ${expected}`);
      if (r === s && values[r] > 100 * epsilon) assert.ok(Math.abs(value - 1) < 0.01);
    }
  }
});

test('images without variance (all equal, so zero after normalisation) give finite filters of 1/√ε', () => {
  const covariance = new PatchCovariance({ channels: 1, height: 4, width: 4 }, 2);
  covariance.add(new Float32Array(3 * 16), 3);
  const filters = whiteningFilters(covariance.covariance(), 4, 5e-4);
  assert.ok(filters.every(Number.isFinite));
  assert.ok(Math.abs(Math.max(...filters) - 1 / Math.sqrt(5e-4)) < 1e-9);
  // Equal non-zero pixels: one component carries everything, the rest are zero up to rounding, still finite.
  const constant = new PatchCovariance({ channels: 1, height: 4, width: 4 }, 2);
  constant.add(new Float32Array(3 * 16).fill(0.7), 3);
  assert.ok(whiteningFilters(constant.covariance(), 4, 5e-4).every(Number.isFinite));
  assert.throws(() => whiteningFilters(constant.covariance(), 4, 0), /epsilon must be positive/);
});

test('the same covariance gives the same bits', () => {
  const random = new SeededRandom(4);
  const c = randomSymmetric(random, 12);
  assert.deepEqual(whiteningFilters(c, 12, 5e-4), whiteningFilters(Float64Array.from(c), 12, 5e-4));
});
