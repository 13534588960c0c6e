// Normalise and augment in one pass: the training batch is built from the
// dataset's bytes image by image (common/imageBatch.ts), and an augmented
// image costs the same single table lookup per pixel as a plain one. Rows
// are copied as runs of valid pixels between runs of padding rather than
// pixel by pixel with bounds checks; referenceAugment.ts is the per-pixel
// spec this is tested against.

import type { AugmentationSettings } from '../runs.js';
import { drawAugmentation, type ImageAugmentation, type ImageShape } from './draw.js';

/**
 * Writes the image whose bytes start at images[src] into out[dst ..], each
 * byte v of channel c as table[c·256 + v], moved by `augmentation`: pixels
 * from outside the image read byte 0 (black) or, reflecting, the pixel
 * mirrored at the border; the cutout square is set to cutoutFill[c] (0, the
 * channel mean once normalised, in training).
 */
export function augmentImage(
  images: Uint8Array,
  src: number,
  shape: ImageShape,
  table: Float32Array,
  augmentation: ImageAugmentation,
  cutoutFill: ArrayLike<number>,
  out: Float32Array,
  dst: number,
): void {
  const moved = augmentation.shiftX !== 0 || augmentation.shiftY !== 0;
  if (augmentation.reflect && moved) copyReflected(images, src, shape, table, augmentation, out, dst);
  else copyBlackPadded(images, src, shape, table, augmentation, out, dst);
  const cutout = augmentation.cutout;
  if (cutout) fillCutout(shape, cutout, cutoutFill, out, dst);
}

function copyBlackPadded(images: Uint8Array, src: number, shape: ImageShape, table: Float32Array, augmentation: ImageAugmentation, out: Float32Array, dst: number): void {
  const { channels, height, width } = shape;
  const { shiftY, shiftX, flip } = augmentation;
  // Output columns [x0, x1) read inside the image; the others are padding.
  const x0 = Math.max(0, flip ? shiftX : -shiftX);
  const x1 = Math.min(width, flip ? width + shiftX : width - shiftX);
  for (let c = 0; c < channels; c++) {
    const base = c << 8;
    const padValue = table[base];
    const plane = src + c * height * width;
    // Plain loops, not fill(): a call per few pixels of padding costs more than the pixels.
    for (let y = 0; y < height; y++) {
      const row = dst + (c * height + y) * width;
      const sourceY = y + shiftY;
      if (sourceY < 0 || sourceY >= height || x0 >= x1) {
        for (let x = 0; x < width; x++) out[row + x] = padValue;
        continue;
      }
      for (let x = 0; x < x0; x++) out[row + x] = padValue;
      const sourceRow = plane + sourceY * width;
      if (flip) {
        // x reads column width − 1 − x + shiftX, which falls as x rises.
        let s = sourceRow + width - 1 - x0 + shiftX;
        for (let x = x0; x < x1; x++) out[row + x] = table[base + images[s--]];
      } else {
        let s = sourceRow + x0 + shiftX;
        for (let x = x0; x < x1; x++) out[row + x] = table[base + images[s++]];
      }
      for (let x = x1; x < width; x++) out[row + x] = padValue;
    }
  }
}

/** i mirrored into [0, n) at the borders without repeating the edge (−1 → 1, n → n − 2), as numpy's and PyTorch's 'reflect'. */
export function reflectIndex(i: number, n: number): number {
  return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
}

/** Source columns of the output columns, the same on every row: reused across images, since a crop never grows an image. */
let columnSources = new Int32Array(64);

function copyReflected(images: Uint8Array, src: number, shape: ImageShape, table: Float32Array, augmentation: ImageAugmentation, out: Float32Array, dst: number): void {
  const { channels, height, width } = shape;
  const { shiftY, shiftX, flip } = augmentation;
  if (columnSources.length < width) columnSources = new Int32Array(width);
  const columns = columnSources;
  for (let x = 0; x < width; x++) columns[x] = reflectIndex((flip ? width - 1 - x : x) + shiftX, width);
  for (let c = 0; c < channels; c++) {
    const base = c << 8;
    const plane = src + c * height * width;
    for (let y = 0; y < height; y++) {
      const row = dst + (c * height + y) * width;
      const sourceRow = plane + reflectIndex(y + shiftY, height) * width;
      for (let x = 0; x < width; x++) out[row + x] = table[base + images[sourceRow + columns[x]]];
    }
  }
}

function fillCutout(shape: ImageShape, cutout: NonNullable<ImageAugmentation['cutout']>, cutoutFill: ArrayLike<number>, out: Float32Array, dst: number): void {
  const { channels, height, width } = shape;
  const top = Math.max(0, cutout.top);
  const bottom = Math.min(height, cutout.top + cutout.size);
  const left = Math.max(0, cutout.left);
  const right = Math.min(width, cutout.left + cutout.size);
  if (left >= right) return;
  for (let c = 0; c < channels; c++) {
    const fill = cutoutFill[c];
    for (let y = top; y < bottom; y++) {
      const row = dst + (c * height + y) * width;
      for (let x = left; x < right; x++) out[row + x] = fill;
    }
  }
}

/** Where the images of a chunk sit in its step's batch, which is what their draws depend on. */
export interface BatchPlace {
  /** The augmentation stream's seed (augmentationSeed of the run seed). */
  seed: number;
  step: number;
  /** Position in the step's batch of the chunk's first image. */
  firstSample: number;
  /** The epoch, from 0 (the alternating flip turns each image's coin over in odd epochs). */
  epoch: number;
}

/**
 * normalizeBatch (common/imageBatch.ts) with every image augmented: images
 * order[start .. start+count) into `out`, image b drawn at position
 * place.firstSample + b of step place.step.
 */
export function normalizeAugmentedBatch(
  images: Uint8Array,
  shape: ImageShape,
  order: ArrayLike<number>,
  start: number,
  count: number,
  table: Float32Array,
  settings: AugmentationSettings,
  place: BatchPlace,
  out: Float32Array,
): void {
  const imageSize = shape.channels * shape.height * shape.width;
  const zeros = new Float32Array(shape.channels);
  for (let b = 0; b < count; b++) {
    const index = order[start + b];
    const augmentation = drawAugmentation(settings, place.seed, place.step, place.firstSample + b, shape, { index, epoch: place.epoch });
    augmentImage(images, index * imageSize, shape, table, augmentation, zeros, out, b * imageSize);
  }
}

/** Mirrors `count` images (NCHW, in place) left↔right: the second pass of test-time flip averaging. */
export function mirrorImages(values: Float32Array | Float64Array, count: number, shape: ImageShape): void {
  const { width } = shape;
  const rows = count * shape.channels * shape.height;
  for (let r = 0; r < rows; r++) {
    for (let left = r * width, right = left + width - 1; left < right; left++, right--) {
      const kept = values[left];
      values[left] = values[right];
      values[right] = kept;
    }
  }
}

/**
 * Copies `count` images from `source` into `target` moved `shift` pixels down
 * and right (up and left when negative); the uncovered rows and columns are 0,
 * the mean colour after normalisation, or with `reflect` the image mirrored
 * at its border: either way as the run's random crops fill their padding.
 */
export function shiftImages(
  source: Float32Array | Float64Array,
  target: Float32Array | Float64Array,
  count: number,
  shape: ImageShape,
  shift: number,
  reflect = false,
): void {
  const { height, width } = shape;
  const planes = count * shape.channels;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let y = 0; y < height; y++) {
      const row = base + y * width;
      let fromY = y - shift;
      if (reflect) fromY = reflectIndex(fromY, height);
      else if (fromY < 0 || fromY >= height) {
        target.fill(0, row, row + width);
        continue;
      }
      const fromRow = base + fromY * width;
      for (let x = 0; x < width; x++) {
        const fromX = reflect ? reflectIndex(x - shift, width) : x - shift;
        target[row + x] = fromX >= 0 && fromX < width ? source[fromRow + fromX] : 0;
      }
    }
  }
}
