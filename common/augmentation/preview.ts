// What the Train view's strip shows: training images before and after the
// augmentation the run will apply, computed by the training kernel itself
// (augmentImage) on raw bytes instead of normalised values, so the picture is
// what the network gets, up to the normalisation.

import type { AugmentationSettings, ImagePixels } from '../runs.js';
import { augmentImage } from './augmentImage.js';
import { augmentationSeed, drawAugmentation, type ImageShape } from './draw.js';

export interface AugmentationPreviewRequest {
  datasetId: string;
  augmentation: AugmentationSettings;
  /** The run's seed: the strip shows the draws that run would make. */
  seed: number;
  /** Images to show (default 8, at most MAX_PREVIEW_IMAGES). */
  count?: number;
}

export interface AugmentationPreviewSample {
  /** Index of the image in the dataset's training images. */
  trainIndex: number;
  label: string;
  original: ImagePixels;
  augmented: ImagePixels;
}

export interface AugmentationPreview {
  samples: AugmentationPreviewSample[];
}

export const DEFAULT_PREVIEW_IMAGES = 8;
export const MAX_PREVIEW_IMAGES = 32;

/** v ↦ v for every channel: augmentImage then works on bytes. */
function identityTable(channels: number): Float32Array {
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) for (let v = 0; v < 256; v++) table[(c << 8) + v] = v;
  return table;
}

/**
 * Image `index` of `images` augmented as image `position` of the run's step
 * `step` would be: black or reflected padding, the cutout square in the channel mean
 * (channelMeans in [0, 1], as ChannelStats has them), which is what 0 is
 * after normalisation.
 */
export function augmentedImageBytes(
  images: Uint8Array,
  index: number,
  shape: ImageShape,
  settings: AugmentationSettings,
  run: { seed: number; step: number; position: number },
  channelMeans: readonly number[],
): Uint8Array {
  const size = shape.channels * shape.height * shape.width;
  const values = new Float32Array(size);
  // The strip shows the first epoch: an alternating flip's later epochs mirror it image by image.
  const augmentation = drawAugmentation(settings, augmentationSeed(run.seed), run.step, run.position, shape, { index, epoch: 0 });
  const fill = channelMeans.map((mean) => mean * 255);
  augmentImage(images, index * size, shape, identityTable(shape.channels), augmentation, fill, values, 0);
  return Uint8Array.from(values, (value) => Math.round(value));
}
