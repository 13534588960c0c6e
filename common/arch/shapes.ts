// Shape inference, layer by layer, with the arithmetic written out the way the
// report writes it: `(28 − 5 + 2·2)/1 + 1 = 28`. Used by the editor (live), the
// engine (to size buffers) and the CLI (the parameter table).

import type { ArchitectureError } from './layerDefinition.js';
import { definitionOf } from './layerRegistry.js';
import { LIMITS } from './schema.js';
import { formatShape, shapeSize, type ArchitectureSpec, type LayerType, type Shape } from './spec.js';

export type { ArchitectureError };

export interface LayerShapeInfo {
  index: number;
  type: LayerType;
  inShape: Shape;
  outShape: Shape;
  /** Human-readable derivation of the output size (empty for shape-preserving layers). */
  arithmetic: string[];
}

export interface ShapeInference {
  layers: LayerShapeInfo[];
  errors: ArchitectureError[];
}

export interface ShapeOptions {
  /** When known (a dataset is chosen), the loss input must have this many units. */
  numClasses?: number;
}

export function inferShapes(spec: ArchitectureSpec, options: ShapeOptions = {}): ShapeInference {
  const layers: LayerShapeInfo[] = [];
  const errors: ArchitectureError[] = [];
  if (!spec.input) {
    return { layers, errors: [{ layerIndex: null, field: 'input', message: 'the network has no input shape' }] };
  }
  let shape: Shape = { kind: 'map', ...spec.input };
  let activations = shapeSize(shape);
  spec.layers.forEach((layer, index) => {
    if (errors.length > 0) return;
    const at = { index, isLast: index === spec.layers.length - 1, numClasses: options.numClasses };
    const result = definitionOf(layer).inferShape(shape, layer, at);
    if ('error' in result) {
      errors.push(result.error);
      return;
    }
    layers.push({ index, type: layer.type, inShape: shape, outShape: result.outShape, arithmetic: result.arithmetic });
    shape = result.outShape;
    activations += shapeSize(shape);
    if (activations > LIMITS.maxActivationsPerImage) {
      errors.push({
        layerIndex: index,
        field: null,
        message: `too large for memory: activations reach ${activations.toLocaleString('en-US')} values per image at this layer (${formatShape(shape)}); the limit is ${LIMITS.maxActivationsPerImage.toLocaleString('en-US')}`,
      });
    }
  });
  const last = spec.layers[spec.layers.length - 1];
  if (errors.length === 0 && last?.type !== 'softmaxCrossEntropy') {
    errors.push({
      layerIndex: spec.layers.length > 0 ? spec.layers.length - 1 : null,
      field: null,
      message: 'the network must end with the softmaxCrossEntropy loss layer',
    });
  }
  return { layers, errors };
}
