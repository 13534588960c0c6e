// What happens to one training image: drawn from its own stream, seeded by
// (run seed, step, position of the image in the step's batch) exactly as
// dropout draws its masks (the alternating flip adds the image's index and the
// epoch). The draw therefore depends neither on how a batch is split into
// chunks across workers nor on what ran before, so any worker count and a run
// resumed from a checkpoint see the same images.

import type { AugmentationSettings } from '../runs.js';
import { mixSeeds, SeededRandom } from '../random.js';

export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

export interface ImageAugmentation {
  /**
   * Output pixel (y, x) reads input pixel (y + shiftY, x' + shiftX), x' = flip ? width − 1 − x : x;
   * outside the image it reads black, or with `reflect` the pixel mirrored at the border (−1 reads 1).
   */
  shiftY: number;
  shiftX: number;
  flip: boolean;
  reflect: boolean;
  /** Top-left corner of the cutout square in output pixels (it may overhang the image), or null for none. */
  cutout: { top: number; left: number; size: number } | null;
}

export const NO_CHANGE: Readonly<ImageAugmentation> = { shiftY: 0, shiftX: 0, flip: false, reflect: false, cutout: null };

/** The training image a draw is for (its index in the dataset) and the epoch (from 0): what an alternating flip depends on. */
export interface ImageVisit {
  index: number;
  epoch: number;
}

/** Tags the augmentation's streams apart from dropout's, which mix the run seed with small layer indices. */
const AUGMENTATION_STREAM = 0x61756721;
/** Tags each image's first-epoch coin of the alternating flip apart from the per-step streams. */
const ALTERNATING_FLIP_STREAM = 0x666c6970;

/** The seed every image's stream of a run derives from. */
export function augmentationSeed(runSeed: number): number {
  return mixSeeds(runSeed, AUGMENTATION_STREAM);
}

/**
 * The augmentation of the image at `position` of step `step`'s batch. A crop
 * with padding p is an offset uniform in [−p, p] on each axis (PyTorch's
 * RandomCrop(size, padding=p)); the flip is a fair coin, or with the
 * alternating flip the image's own coin turned over in odd epochs (`visit`);
 * the cutout's centre is uniform over the image, the square clipped at the
 * borders (DeVries and Taylor's Cutout). Each draw happens only when its
 * augmentation is on.
 */
export function drawAugmentation(settings: AugmentationSettings, seed: number, step: number, position: number, shape: ImageShape, visit: ImageVisit): ImageAugmentation {
  const random = new SeededRandom(mixSeeds(seed, step, position));
  const pad = settings.cropPadding;
  const shiftY = pad > 0 ? random.nextInt(2 * pad + 1) - pad : 0;
  const shiftX = pad > 0 ? random.nextInt(2 * pad + 1) - pad : 0;
  let flip = false;
  if (settings.horizontalFlip) flip = settings.alternatingFlip ? alternatingFlip(seed, visit) : random.next() < 0.5;
  const size = settings.cutoutSize;
  let cutout: ImageAugmentation['cutout'] = null;
  if (size > 0) {
    const centreY = random.nextInt(shape.height);
    const centreX = random.nextInt(shape.width);
    cutout = { top: centreY - (size >> 1), left: centreX - (size >> 1), size };
  }
  return { shiftY, shiftX, flip, reflect: settings.cropPaddingMode === 'reflect', cutout };
}

/**
 * Airbench's derandomised flip: a fair coin per image decides the first
 * epoch, and every later epoch mirrors what the one before did. Over two
 * epochs each image is seen once each way, where independent coins show half
 * of them the same way twice.
 */
export function alternatingFlip(seed: number, visit: ImageVisit): boolean {
  const firstEpochFlip = new SeededRandom(mixSeeds(seed, ALTERNATING_FLIP_STREAM, visit.index)).next() < 0.5;
  return firstEpochFlip !== (visit.epoch % 2 === 1);
}
