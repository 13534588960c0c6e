// A run's flat weight buffer cut into the tensors of its layers, and put back
// together. The buffer's order is the engine's (workers/network.ts): layers
// in architecture order, each layer's tensors in its definition's
// paramShapes order. Every exporter and importer goes through here, so none
// of them restates that order.

import type { ParamName, ParamShape } from '../../common/arch/layerDefinition.js';
import { tensorSize } from '../../common/arch/layerDefinition.js';
import { definitionOf } from '../../common/arch/layerRegistry.js';
import { inferShapes } from '../../common/arch/shapes.js';
import type { ArchitectureSpec, LayerSpec, Shape } from '../../common/arch/spec.js';

export interface LayerTensor extends ParamShape {
  values: Float32Array;
}

/** One layer of the architecture with its shapes and its tensors (empty for layers without parameters). */
export interface WeightedLayer {
  index: number;
  spec: LayerSpec;
  inShape: Shape;
  outShape: Shape;
  tensors: LayerTensor[];
}

export class WeightLayoutError extends Error {
  override name = 'WeightLayoutError';
}

/** Every layer with its shapes and the tensors it owns, as views into `weights`. */
export function layersWithWeights(architecture: ArchitectureSpec, weights: Float32Array, numClasses: number): WeightedLayer[] {
  const shapes = inferShapes(architecture, { numClasses });
  if (shapes.errors.length > 0) {
    throw new WeightLayoutError(`architecture "${architecture.name}" is not valid: ${shapes.errors.map((e) => e.message).join('; ')}`);
  }
  let offset = 0;
  const layers = shapes.layers.map((info) => {
    const spec = architecture.layers[info.index];
    const tensors = definitionOf(spec)
      .paramShapes(spec, info.inShape)
      .map((param) => {
        const length = tensorSize(param.shape);
        const values = weights.subarray(offset, offset + length);
        offset += length;
        return { ...param, values };
      });
    return { index: info.index, spec, inShape: info.inShape, outShape: info.outShape, tensors };
  });
  if (offset !== weights.length) {
    throw new WeightLayoutError(`architecture "${architecture.name}" has ${offset} weights but ${weights.length} were given`);
  }
  return layers;
}

/** The tensor `name` of a layer; a layer always has the tensors its definition lists. */
export function tensorOf(layer: WeightedLayer, name: ParamName): LayerTensor {
  const tensor = layer.tensors.find((t) => t.name === name);
  if (!tensor) throw new WeightLayoutError(`layer ${layer.index + 1} (${layer.spec.type}) has no ${name} tensor`);
  return tensor;
}

/**
 * The flat buffer for `architecture` from each layer's tensors by name
 * (`tensorsByLayer[i]` for layer i): the inverse of layersWithWeights. A
 * missing tensor or one of the wrong size is an error naming the layer.
 */
export function flattenWeights(
  architecture: ArchitectureSpec,
  tensorsByLayer: ReadonlyMap<number, Partial<Record<ParamName, ArrayLike<number>>>>,
  numClasses: number,
): Float32Array {
  const shapes = inferShapes(architecture, { numClasses });
  if (shapes.errors.length > 0) {
    throw new WeightLayoutError(`architecture "${architecture.name}" is not valid: ${shapes.errors.map((e) => e.message).join('; ')}`);
  }
  const parts: ArrayLike<number>[] = [];
  for (const info of shapes.layers) {
    const spec = architecture.layers[info.index];
    for (const param of definitionOf(spec).paramShapes(spec, info.inShape)) {
      const values = tensorsByLayer.get(info.index)?.[param.name];
      const wanted = tensorSize(param.shape);
      if (!values) throw new WeightLayoutError(`layer ${info.index + 1} (${spec.type}) has no ${param.name} values`);
      if (values.length !== wanted) {
        throw new WeightLayoutError(`layer ${info.index + 1} (${spec.type}): ${param.name} has ${values.length} values, [${param.shape.join(', ')}] needs ${wanted}`);
      }
      parts.push(values);
    }
  }
  const flat = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    flat.set(part, offset);
    offset += part.length;
  }
  return flat;
}
