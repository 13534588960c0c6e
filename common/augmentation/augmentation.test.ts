import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizationTable, normalizeBatch } from '../imageBatch.js';
import { SeededRandom } from '../random.js';
import type { AugmentationSettings } from '../runs.js';
import { augmentImage, mirrorImages, normalizeAugmentedBatch } from './augmentImage.js';
import { augmentationSeed, drawAugmentation, NO_CHANGE, type ImageAugmentation, type ImageShape } from './draw.js';
import { augmentedImageBytes } from './preview.js';
import { referenceAugmentImage } from './referenceAugment.js';

function randomImages(count: number, shape: ImageShape, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  return Uint8Array.from({ length: count * shape.channels * shape.height * shape.width }, () => random.nextInt(256));
}

const stats = { mean: [0.2, 0.5, 0.7], std: [0.3, 0.25, 0.2] };

test('the fast kernel equals the per-pixel reference for every shift, flip and cutout placement', () => {
  for (const shape of [{ channels: 3, height: 6, width: 5 }, { channels: 1, height: 4, width: 7 }]) {
    const images = randomImages(2, shape, 3);
    const table = normalizationTable({ mean: stats.mean.slice(0, shape.channels), std: stats.std.slice(0, shape.channels) });
    const fill = [0.25, -1, 2];
    const size = shape.channels * shape.height * shape.width;
    const cutouts: ImageAugmentation['cutout'][] = [null, { top: -2, left: 3, size: 4 }, { top: 1, left: -1, size: 2 }, { top: 5, left: 6, size: 3 }];
    let cases = 0;
    for (let shiftY = -8; shiftY <= 8; shiftY++) {
      for (let shiftX = -8; shiftX <= 8; shiftX++) {
        for (const flip of [false, true]) {
          for (const cutout of cutouts) {
            const augmentation = { shiftY, shiftX, flip, reflect: false, cutout };
            const fast = new Float32Array(size + 2).fill(Number.NaN);
            const reference = new Float32Array(size + 2).fill(Number.NaN);
            augmentImage(images, size, shape, table, augmentation, fill, fast, 1);
            referenceAugmentImage(images, size, shape, table, augmentation, fill, reference, 1);
            assert.deepEqual(fast, reference, JSON.stringify(augmentation));
            cases++;
          }
        }
      }
    }
    assert.equal(cases, 17 * 17 * 2 * 4);
  }
});

test('reflected padding: the fast kernel equals the per-pixel reference for every shift the image allows', () => {
  for (const shape of [{ channels: 3, height: 6, width: 5 }, { channels: 1, height: 4, width: 7 }]) {
    const images = randomImages(2, shape, 8);
    const table = normalizationTable({ mean: stats.mean.slice(0, shape.channels), std: stats.std.slice(0, shape.channels) });
    const size = shape.channels * shape.height * shape.width;
    let cases = 0;
    for (let shiftY = 1 - shape.height; shiftY < shape.height; shiftY++) {
      for (let shiftX = 1 - shape.width; shiftX < shape.width; shiftX++) {
        for (const flip of [false, true]) {
          const augmentation = { shiftY, shiftX, flip, reflect: true, cutout: { top: shiftY, left: 1, size: 2 } };
          const fast = new Float32Array(size + 2).fill(Number.NaN);
          const reference = new Float32Array(size + 2).fill(Number.NaN);
          augmentImage(images, size, shape, table, augmentation, [0.5, 0.5, 0.5], fast, 1);
          referenceAugmentImage(images, size, shape, table, augmentation, [0.5, 0.5, 0.5], reference, 1);
          assert.deepEqual(fast, reference, JSON.stringify(augmentation));
          assert.ok(fast.subarray(1, size + 1).every(Number.isFinite), 'every pixel reads the image');
          cases++;
        }
      }
    }
    assert.equal(cases, (2 * shape.height - 1) * (2 * shape.width - 1) * 2);
  }
});

test('the alternating flip mirrors each image in every other epoch, whatever its step and place in the batch', () => {
  const settings: AugmentationSettings = { cropPadding: 2, horizontalFlip: true, cutoutSize: 0, alternatingFlip: true };
  const shape = { channels: 3, height: 8, width: 8 };
  const seed = augmentationSeed(5);
  let flippedFirst = 0;
  for (let index = 0; index < 400; index++) {
    const flips = [0, 1, 2, 3].map((epoch) => drawAugmentation(settings, seed, 7 * epoch + index, index % 13, shape, { index, epoch }).flip);
    assert.deepEqual(flips, [flips[0], !flips[0], flips[0], !flips[0]], `image ${index}`);
    // Another step and position in the same epoch: the same flip.
    assert.equal(drawAugmentation(settings, seed, 999, 3, shape, { index, epoch: 2 }).flip, flips[0]);
    if (flips[0]) flippedFirst++;
  }
  assert.ok(flippedFirst > 160 && flippedFirst < 240, `about half flip in the first epoch: ${flippedFirst}`);
  // Off without horizontalFlip; the random flip draws a fresh coin.
  assert.equal(drawAugmentation({ ...settings, horizontalFlip: false }, seed, 0, 0, shape, { index: 0, epoch: 1 }).flip, false);
  const random = { ...settings, alternatingFlip: false };
  const sameImage = [0, 1, 2, 3, 4, 5, 6, 7].map((epoch) => drawAugmentation(random, seed, epoch * 50, 0, shape, { index: 0, epoch }).flip);
  assert.ok(sameImage.some((flip, epoch) => epoch > 0 && flip === sameImage[epoch - 1]), 'random coins repeat some time');
});

test('a batch with the alternating flip and reflected crops is the same chunked any way, and differs from the next epoch only by mirroring', () => {
  const shape = { channels: 3, height: 8, width: 8 };
  const images = randomImages(24, shape, 12);
  const table = normalizationTable(stats);
  const settings: AugmentationSettings = { cropPadding: 0, horizontalFlip: true, cutoutSize: 0, alternatingFlip: true, cropPaddingMode: 'reflect' };
  const order = Uint32Array.from({ length: 24 }, (_, i) => (i * 5) % 24);
  const place = { seed: augmentationSeed(3), step: 4, epoch: 0, firstSample: 0 };
  const whole = new Float32Array(24 * 192);
  normalizeAugmentedBatch(images, shape, order, 0, 24, table, settings, place, whole);
  const chunked = new Float32Array(24 * 192);
  for (const [start, count] of [[16, 8], [0, 16]]) {
    normalizeAugmentedBatch(images, shape, order, start, count, table, settings, { ...place, firstSample: start }, chunked.subarray(start * 192));
  }
  assert.deepEqual(chunked, whole);
  // Without a crop, epoch 1 is epoch 0 with every image mirrored.
  const nextEpoch = new Float32Array(24 * 192);
  normalizeAugmentedBatch(images, shape, order, 0, 24, table, settings, { ...place, step: 40, epoch: 1 }, nextEpoch);
  mirrorImages(nextEpoch, 24, shape);
  assert.deepEqual(nextEpoch, whole);
});

test('no change is plain normalisation, bit for bit', () => {
  const shape = { channels: 3, height: 4, width: 4 };
  const images = randomImages(3, shape, 5);
  const table = normalizationTable(stats);
  const plain = new Float32Array(3 * 48);
  const viaKernel = new Float32Array(3 * 48);
  normalizeBatch(images, 48, [2, 0, 1], 0, 3, table, plain);
  normalizeAugmentedBatch(images, shape, [2, 0, 1], 0, 3, table, { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 }, { seed: 1, step: 0, epoch: 0, firstSample: 0 }, viaKernel);
  assert.deepEqual(viaKernel, plain);
  const one = new Float32Array(48);
  augmentImage(images, 48, shape, table, NO_CHANGE, [0, 0, 0], one, 0);
  assert.deepEqual(one, plain.subarray(96, 144), "image 1 sits third in the order");
});

test('a known shift, flip and cutout, by hand', () => {
  // One 3×3 grey image 1..9 with the identity table: shifted one row down the
  // content moves up (row y reads y + 1), mirrored, black below, then a 1×1 cutout at (0, 0).
  const shape = { channels: 1, height: 3, width: 3 };
  const images = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
  const table = Float32Array.from({ length: 256 }, (_, v) => v);
  const out = new Float32Array(9);
  augmentImage(images, 0, shape, table, { shiftY: 1, shiftX: 0, flip: true, reflect: false, cutout: { top: 0, left: 0, size: 1 } }, [100], out, 0);
  assert.deepEqual(Array.from(out), [100, 5, 4, 9, 8, 7, 0, 0, 0]);
  augmentImage(images, 0, shape, table, { shiftY: 0, shiftX: -1, flip: false, reflect: false, cutout: null }, [0], out, 0);
  assert.deepEqual(Array.from(out), [0, 1, 2, 0, 4, 5, 0, 7, 8]);
  // Reflected, the row and column past the border repeat the ones next to the edge (PyTorch's 'reflect').
  augmentImage(images, 0, shape, table, { shiftY: 1, shiftX: 0, flip: false, reflect: true, cutout: null }, [0], out, 0);
  assert.deepEqual(Array.from(out), [4, 5, 6, 7, 8, 9, 4, 5, 6]);
  augmentImage(images, 0, shape, table, { shiftY: 0, shiftX: -1, flip: false, reflect: true, cutout: null }, [0], out, 0);
  assert.deepEqual(Array.from(out), [2, 1, 2, 5, 4, 5, 8, 7, 8]);
  augmentImage(images, 0, shape, table, { shiftY: -1, shiftX: 1, flip: true, reflect: true, cutout: null }, [0], out, 0);
  assert.deepEqual(Array.from(out), [5, 6, 5, 2, 3, 2, 5, 6, 5]);
});

test('draws stay within their ranges and use every value', () => {
  const settings: AugmentationSettings = { cropPadding: 2, horizontalFlip: true, cutoutSize: 3 };
  const shape = { channels: 1, height: 6, width: 8 };
  const shifts = new Set<number>();
  let flips = 0;
  for (let position = 0; position < 400; position++) {
    const draw = drawAugmentation(settings, 9, 0, position, shape, { index: position, epoch: 0 });
    assert.ok(Math.abs(draw.shiftY) <= 2 && Math.abs(draw.shiftX) <= 2);
    shifts.add(draw.shiftX);
    if (draw.flip) flips++;
    assert.ok(draw.cutout);
    assert.equal(draw.cutout.size, 3);
    assert.ok(draw.cutout.top + 1 >= 0 && draw.cutout.top + 1 < 6 && draw.cutout.left + 1 >= 0 && draw.cutout.left + 1 < 8, 'centre inside the image');
  }
  assert.deepEqual([...shifts].sort(), [-1, -2, 0, 1, 2]);
  assert.ok(flips > 150 && flips < 250, `about half flip: ${flips}`);
  assert.deepEqual(drawAugmentation({ cropPadding: 0, horizontalFlip: false, cutoutSize: 0 }, 9, 3, 4, shape, { index: 4, epoch: 0 }), NO_CHANGE);
});

test('an image’s draw depends on (seed, step, position in the batch) only, so any chunking gives the same batch', () => {
  const shape = { channels: 3, height: 8, width: 8 };
  const images = randomImages(40, shape, 11);
  const table = normalizationTable(stats);
  const settings: AugmentationSettings = { cropPadding: 2, horizontalFlip: true, cutoutSize: 4 };
  const order = Uint32Array.from({ length: 40 }, (_, i) => (i * 7) % 40);
  const place = { seed: augmentationSeed(7), step: 12, epoch: 0, firstSample: 0 };
  const whole = new Float32Array(40 * 192);
  normalizeAugmentedBatch(images, shape, order, 0, 40, table, settings, place, whole);
  // Chunks of 16, 16 and 8, built in any order (as pool workers might).
  const chunked = new Float32Array(40 * 192);
  for (const [start, count] of [[32, 8], [0, 16], [16, 16]]) {
    normalizeAugmentedBatch(images, shape, order, start, count, table, settings, { ...place, firstSample: start }, chunked.subarray(start * 192));
  }
  assert.deepEqual(chunked, whole);
  const nextStep = new Float32Array(40 * 192);
  normalizeAugmentedBatch(images, shape, order, 0, 40, table, settings, { ...place, step: 13 }, nextStep);
  assert.notDeepEqual(nextStep, whole);
  const otherSeed = new Float32Array(40 * 192);
  normalizeAugmentedBatch(images, shape, order, 0, 40, table, settings, { ...place, seed: augmentationSeed(8) }, otherSeed);
  assert.notDeepEqual(otherSeed, whole);
});

test('mirroring twice restores the images; once reverses every row', () => {
  const values = Float32Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i);
  mirrorImages(values, 2, { channels: 2, height: 2, width: 3 });
  assert.deepEqual(Array.from(values.subarray(0, 6)), [2, 1, 0, 5, 4, 3]);
  mirrorImages(values, 2, { channels: 2, height: 2, width: 3 });
  assert.deepEqual(values, Float32Array.from({ length: 24 }, (_, i) => i));
});

test('the preview shows the run’s draw in bytes, the cutout in the channel mean', () => {
  const shape = { channels: 1, height: 5, width: 5 };
  const images = randomImages(2, shape, 4);
  const settings: AugmentationSettings = { cropPadding: 1, horizontalFlip: true, cutoutSize: 2 };
  const bytes = augmentedImageBytes(images, 1, shape, settings, { seed: 3, step: 0, position: 0 }, [0.5]);
  const draw = drawAugmentation(settings, augmentationSeed(3), 0, 0, shape, { index: 1, epoch: 0 });
  const expected = new Float32Array(25);
  referenceAugmentImage(images, 25, shape, Float32Array.from({ length: 256 }, (_, v) => v), draw, [127.5], expected, 0);
  assert.deepEqual(Array.from(bytes), Array.from(expected, (v) => Math.round(v)));
});
