// Occlusion sensitivity (Zeiler and Fergus): hide one square of the image at
// a time and see how much the class's probability falls. The hidden square is
// set to 0 after normalisation, i.e. to the training set's mean colour, so it
// looks like "nothing" rather than like a black or white object. Patches run
// through the network in batches.

import type { PixelMap } from '../../common/insight.js';
import type { FloatArray } from '../kernels/backend.js';
import type { Network } from '../network.js';

export interface OcclusionOptions {
  patch: number;
  stride: number;
}

/** A patch about a seventh of the image side (4 px on MNIST's 28) moved by half its size. */
export function defaultOcclusion(height: number, width: number): OcclusionOptions {
  const patch = Math.max(2, Math.round(Math.min(height, width) / 7));
  return { patch, stride: Math.max(1, Math.floor(patch / 2)) };
}

/** Top-left corners along one side: every stride, plus the last position so the far edge is covered too. */
export function patchStarts(side: number, patch: number, stride: number): number[] {
  const last = Math.max(0, side - patch);
  const starts: number[] = [];
  for (let s = 0; s < last; s += stride) starts.push(s);
  starts.push(last);
  return starts;
}

/** Probability of `classIndex` per image of the last forward pass. */
function classProbabilities(net: Network, count: number, classIndex: number): number[] {
  const probabilities = net.probabilities();
  const classes = net.options.numClasses;
  return Array.from({ length: count }, (_, n) => probabilities[n * classes + classIndex]);
}

/**
 * Per pixel, the mean over the patches covering it of p(class | x) −
 * p(class | x with the patch hidden). The network's maxBatch sets how many
 * patches run per forward pass.
 */
export function occlusionMap(net: Network, x: FloatArray, classIndex: number, options: OcclusionOptions): PixelMap & OcclusionOptions {
  const { channels, height, width } = net.spec.input;
  const { patch, stride } = options;
  if (!(Number.isInteger(patch) && patch >= 1 && Number.isInteger(stride) && stride >= 1)) {
    throw new RangeError(`occlusion patch ${patch} and stride ${stride} must be whole numbers ≥ 1`);
  }
  const area = height * width;
  const size = channels * area;
  net.forward(x, 1, false);
  const base = classProbabilities(net, 1, classIndex)[0];

  const corners = patchStarts(height, Math.min(patch, height), stride).flatMap((top) =>
    patchStarts(width, Math.min(patch, width), stride).map((left) => ({ top, left })),
  );
  const drop = new Float64Array(area);
  const covered = new Float64Array(area);
  const capacity = net.options.maxBatch;
  const batch = net.options.backend.createBuffer(capacity * size);
  for (let first = 0; first < corners.length; first += capacity) {
    const group = corners.slice(first, first + capacity);
    group.forEach(({ top, left }, n) => {
      const image = batch.subarray(n * size, (n + 1) * size);
      image.set(x.subarray(0, size));
      for (let c = 0; c < channels; c++) {
        for (let i = top; i < Math.min(height, top + patch); i++) image.fill(0, c * area + i * width + left, c * area + i * width + Math.min(width, left + patch));
      }
    });
    net.forward(batch, group.length, false);
    const hidden = classProbabilities(net, group.length, classIndex);
    group.forEach(({ top, left }, n) => {
      for (let i = top; i < Math.min(height, top + patch); i++) {
        for (let j = left; j < Math.min(width, left + patch); j++) {
          drop[i * width + j] += base - hidden[n];
          covered[i * width + j] += 1;
        }
      }
    });
  }
  const values = Array.from(drop, (sum, p) => (covered[p] > 0 ? sum / covered[p] : 0));
  return { height, width, values, patch, stride };
}
