// Trainable parameters and forward FLOPs per layer (from each type's
// definition), with the report's formula strings (`5×5×1×16 + 16 = 416`, `784×10 + 10 = 7850`).

import { fixedCount, statisticCount, trainedCount } from './layerDefinition.js';
import { definitionOf } from './layerRegistry.js';
import type { LayerShapeInfo } from './shapes.js';
import type { LayerSpec } from './spec.js';

export interface LayerCost {
  index: number;
  /** Trainable parameters (weights + biases). */
  params: number;
  /** Stored values that are not trained (batch norm's running statistics). */
  statistics: number;
  /** Stored values computed from the training images, never trained (the patch-whitening filters). */
  fixed: number;
  /** Empty for layers without parameters. */
  formula: string;
  /** Forward floating-point operations per image: 2 per multiply-add, 1 per comparison or max. */
  flops: number;
}

export function layerCost(layer: LayerSpec, info: LayerShapeInfo): LayerCost {
  const definition = definitionOf(layer);
  const tensors = definition.paramShapes(layer, info.inShape);
  return {
    index: info.index,
    params: trainedCount(tensors),
    statistics: statisticCount(tensors),
    fixed: fixedCount(tensors),
    formula: definition.formula(layer, info.inShape),
    flops: definition.flops(layer, info.inShape, info.outShape),
  };
}

export function totalParams(costs: LayerCost[]): number {
  return costs.reduce((sum, cost) => sum + cost.params, 0);
}

export function totalFlops(costs: LayerCost[]): number {
  return costs.reduce((sum, cost) => sum + cost.flops, 0);
}
