// One-line descriptions of layers. Settings at their defaults (stride 1,
// no padding, pooling stride equal to its size) are left out of the text, so
// two layers that behave the same also read the same.

import { definitionOf } from '../arch/layerRegistry.js';
import { fieldValue } from '../arch/schema.js';
import type { LayerSpec } from '../arch/spec.js';

/** The layer's settings with defaults applied, in display order (the editor-only `id` left out). */
export function effectiveLayerFields(layer: LayerSpec): Record<string, number> {
  const values = layer as unknown as Record<string, unknown>;
  return Object.fromEntries(definitionOf(layer).fields.map((field) => [field.name, fieldValue(values, field)]));
}

export function describeLayer(layer: LayerSpec): string {
  return definitionOf(layer).describe(layer);
}
