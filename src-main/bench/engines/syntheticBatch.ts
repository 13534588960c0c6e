// One batch of random images and labels: speed does not depend on what the
// pixels show, and synthetic data keeps the bench free of dataset loading.
// Images are uint8 on a SharedArrayBuffer, the layout the trainer keeps
// datasets in, so cnn-workbench pays for normalising each batch as it does in
// a real run. Peers get the same batch already normalised to float32, which
// spares them that work: the comparison errs in their favour.

import type { Shape3 } from '../../../common/arch/spec.js';
import { computeChannelStats, normalizationTable, normalizeBatch } from '../../../common/imageBatch.js';
import { SeededRandom } from '../../../common/random.js';

export interface SyntheticBatch {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** The per-channel normalisation table for these images (see common/imageBatch.ts). */
  normalization: Float32Array;
}

export function syntheticBatch(input: Shape3, count: number, numClasses: number, seed: number): SyntheticBatch {
  const imageBytes = input.channels * input.height * input.width;
  const random = new SeededRandom(seed);
  const images = new Uint8Array(new SharedArrayBuffer(count * imageBytes));
  for (let i = 0; i < images.length; i++) images[i] = random.nextInt(256);
  const labels = new Uint8Array(new SharedArrayBuffer(count));
  for (let i = 0; i < count; i++) labels[i] = random.nextInt(numClasses);
  const normalization = normalizationTable(computeChannelStats({ images, labels, count }, input.channels));
  return { images, labels, count, normalization };
}

/** The batch as normalised float32, image after image, channel-major within an image (NCHW). */
export function normalizedImages(batch: SyntheticBatch, input: Shape3): Float32Array {
  const imageBytes = input.channels * input.height * input.width;
  const out = new Float32Array(batch.count * imageBytes);
  const order = Uint32Array.from({ length: batch.count }, (_, i) => i);
  normalizeBatch(batch.images, imageBytes, order, 0, batch.count, batch.normalization, out);
  return out;
}
