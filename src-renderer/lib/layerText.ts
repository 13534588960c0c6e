// Words for layers and their errors, shared by the cards, the totals bar and
// the Train view's "why can't I start" line.

import type { ArchitectureError } from '../../common/arch/shapes.js';
import { LAYER_DEFINITIONS } from '../../common/arch/layerRegistry.js';
import type { ArchitectureSpec, LayerType } from '../../common/arch/spec.js';

export function layerTitle(type: LayerType): string {
  return LAYER_DEFINITIONS[type]?.title ?? type;
}

/** Drops the `layers[3].kernelSize: ` prefix of validation messages: the card already says where. */
export function messageWithoutPath(message: string): string {
  return message.replace(/^layers\[\d+\](\.\w+)?: /, '');
}

/** "Layer 4 (Convolution): …" or the bare message for whole-network errors. */
export function describeArchitectureError(error: ArchitectureError, spec: ArchitectureSpec): string {
  if (error.layerIndex === null) return error.message;
  const layer = spec.layers[error.layerIndex];
  const title = layer ? layerTitle(layer.type) : 'unknown';
  return `Layer ${error.layerIndex + 1} (${title}): ${messageWithoutPath(error.message)}`;
}
