// Weights a fresh run computes from its training images before the first
// step: the patch-whitening filters (common/arch/layers/patchWhitening.ts).
// The training loop calls it when a run starts, not when it resumes (the
// checkpoint holds the filters then); the PyTorch export calls it for the
// initial weights it ships. The images are the first WHITENING_IMAGES of the
// training split in split order, normalised as the network reads them and
// not augmented; everything is computed on the calling thread in float64, so
// the filters depend on those images alone, not on the worker count.

import { normalizeBatch } from '../../common/imageBatch.js';
import { PatchWhiteningLayer } from '../layers/patchWhitening.js';
import type { Network } from '../network.js';
import { PatchCovariance } from '../whitening/patchCovariance.js';
import { whiteningFilters } from '../whitening/whiteningFilters.js';
import type { SharedImageSet } from './protocol.js';

/** airbench estimates the patch covariance from 5,000 training images. */
export const WHITENING_IMAGES = 5000;
/** Images normalised at a time: bounds the float32 copy (3 MB of CIFAR-10). */
const BLOCK = 256;

/** Sets every data-dependent tensor of `net` from `train`'s images at `trainIndices` (normalised by `normalization`). */
export function initializeFromData(net: Network, train: SharedImageSet, trainIndices: ArrayLike<number>, normalization: Float32Array): void {
  for (const layer of net.layers) {
    if (!(layer instanceof PatchWhiteningLayer)) continue;
    const count = Math.min(WHITENING_IMAGES, trainIndices.length);
    if (count === 0) throw new Error(`${layer.name}: its filters are computed from the training images, and the run has none`);
    const image = layer.inShape.kind === 'map' ? layer.inShape : null;
    if (!image) throw new Error(`${layer.name}: needs images as its input`);
    const covariance = new PatchCovariance(image, layer.kernelSize);
    const imageSize = image.channels * image.height * image.width;
    const block = new Float32Array(Math.min(BLOCK, count) * imageSize);
    for (let start = 0; start < count; start += BLOCK) {
      const images = Math.min(BLOCK, count - start);
      normalizeBatch(train.images, imageSize, trainIndices, start, images, normalization, block);
      covariance.add(block, images);
    }
    layer.weights.value.set(whiteningFilters(covariance.covariance(), covariance.size, layer.epsilon));
  }
  // Layers must not reuse anything they derived from the weights before.
  net.weightsVersion = undefined;
}
