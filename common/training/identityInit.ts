// Which convolutions airbench's partial identity ("dirac") initialisation
// reaches, shared by the engine (workers/init.ts) and the Train view. A
// filter bank [filters, in, kh, kw] with filters ≥ in can pass its input
// through unchanged in its first `in` filters; an even kernel has no centre
// tap, so it is left as drawn (PyTorch's dirac_ would pick an off-centre one).

import { featureCount } from '../arch/layerDefinition.js';
import { inferShapes } from '../arch/shapes.js';
import type { ArchitectureSpec } from '../arch/spec.js';

/** Whether the identity applies to conv weights of this shape. */
export function identityApplies(shape: readonly number[]): boolean {
  if (shape.length !== 4) return false;
  const [filters, channels, height, width] = shape;
  return filters >= channels && height % 2 === 1 && width % 2 === 1;
}

/** Indices of the architecture's conv2d layers the identity applies to (for saying so before a run). */
export function identityInitLayers(spec: ArchitectureSpec): number[] {
  const { layers } = inferShapes(spec);
  return layers
    .filter((info) => {
      const layer = spec.layers[info.index];
      return layer.type === 'conv2d' && identityApplies([layer.filters, featureCount(info.inShape), layer.kernelSize, layer.kernelSize]);
    })
    .map((info) => info.index);
}
