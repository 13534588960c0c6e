// Where the first convolution's filters sit in a network's flat weights:
// layers in order, each layer's weights before its bias, so a network that
// starts with a convolution has its filters [filters, inChannels, k, k] at
// offset 0 (see workers/network.ts).

import type { ArchitectureSpec } from './spec.js';
import type { FilterBank } from '../runs.js';

/** The first layer's filters from the flat weights, or null when the network does not start with a convolution. */
export function firstLayerFilterBank(architecture: ArchitectureSpec, weights: ArrayLike<number>): FilterBank | null {
  const first = architecture.layers[0];
  if (first?.type !== 'conv2d') return null;
  const [count, channels, height, width] = [first.filters, architecture.input.channels, first.kernelSize, first.kernelSize];
  const length = count * channels * height * width;
  if (weights.length < length) throw new RangeError(`${weights.length} weights cannot hold the first layer's ${length} filter values`);
  return { count, channels, height, width, values: Array.from({ length }, (_, k) => weights[k]) };
}
