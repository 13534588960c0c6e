// Where the first convolution's filters sit in a network's flat weights:
// layers in order, each layer's weights before its bias, so a network that
// starts with a convolution has its filters [filters, inChannels, k, k] at
// offset 0 (see workers/network.ts).

import { PATCH_WHITENING_DEFAULTS, whiteningFilters } from './layers/patchWhitening.js';
import type { ArchitectureSpec } from './spec.js';
import type { FilterBank } from '../runs.js';

/** The first layer's filters from the flat weights, or null when the network does not start with a convolution or patch whitening. */
export function firstLayerFilterBank(architecture: ArchitectureSpec, weights: ArrayLike<number>): FilterBank | null {
  const first = architecture.layers[0];
  const input = { kind: 'map' as const, ...architecture.input };
  let count: number;
  let kernel: number;
  if (first?.type === 'conv2d') [count, kernel] = [first.filters, first.kernelSize];
  else if (first?.type === 'patchWhitening') [count, kernel] = [whiteningFilters(first, input), first.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize];
  else return null;
  const [channels, height, width] = [architecture.input.channels, kernel, kernel];
  const length = count * channels * height * width;
  if (weights.length < length) throw new RangeError(`${weights.length} weights cannot hold the first layer's ${length} filter values`);
  return { count, channels, height, width, values: Array.from({ length }, (_, k) => weights[k]) };
}
