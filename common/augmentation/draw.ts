// What happens to one training image: drawn from its own stream, seeded by
// (run seed, step, position of the image in the step's batch) exactly as
// dropout draws its masks. The draw therefore depends neither on how a batch
// is split into chunks across workers nor on what ran before, so any worker
// count and a run resumed from a checkpoint see the same images.

import type { AugmentationSettings } from '../runs.js';
import { mixSeeds, SeededRandom } from '../random.js';

export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

export interface ImageAugmentation {
  /** Output pixel (y, x) reads input pixel (y + shiftY, x' + shiftX), x' = flip ? width − 1 − x : x; outside the image reads black. */
  shiftY: number;
  shiftX: number;
  flip: boolean;
  /** Top-left corner of the cutout square in output pixels (it may overhang the image), or null for none. */
  cutout: { top: number; left: number; size: number } | null;
}

export const NO_CHANGE: Readonly<ImageAugmentation> = { shiftY: 0, shiftX: 0, flip: false, cutout: null };

/** Tags the augmentation's streams apart from dropout's, which mix the run seed with small layer indices. */
const AUGMENTATION_STREAM = 0x61756721;

/** The seed every image's stream of a run derives from. */
export function augmentationSeed(runSeed: number): number {
  return mixSeeds(runSeed, AUGMENTATION_STREAM);
}

/**
 * The augmentation of the image at `position` of step `step`'s batch. A crop
 * with padding p is an offset uniform in [−p, p] on each axis (PyTorch's
 * RandomCrop(size, padding=p)); the flip is a fair coin; the cutout's centre
 * is uniform over the image, the square clipped at the borders (DeVries and
 * Taylor's Cutout). Each draw happens only when its augmentation is on.
 */
export function drawAugmentation(settings: AugmentationSettings, seed: number, step: number, position: number, shape: ImageShape): ImageAugmentation {
  const random = new SeededRandom(mixSeeds(seed, step, position));
  const pad = settings.cropPadding;
  const shiftY = pad > 0 ? random.nextInt(2 * pad + 1) - pad : 0;
  const shiftX = pad > 0 ? random.nextInt(2 * pad + 1) - pad : 0;
  const flip = settings.horizontalFlip ? random.next() < 0.5 : false;
  const size = settings.cutoutSize;
  let cutout: ImageAugmentation['cutout'] = null;
  if (size > 0) {
    const centreY = random.nextInt(shape.height);
    const centreX = random.nextInt(shape.width);
    cutout = { top: centreY - (size >> 1), left: centreX - (size >> 1), size };
  }
  return { shiftY, shiftX, flip, cutout };
}
