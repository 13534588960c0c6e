// Trainable parameters and forward FLOPs per layer, with the report's formula
// strings (`5×5×1×16 + 16 = 416`, `784×10 + 10 = 7850`).

import { shapeSize, type LayerSpec, type Shape } from './spec.js';
import type { LayerShapeInfo } from './shapes.js';

export interface LayerCost {
  index: number;
  /** Trainable parameters (weights + biases). */
  params: number;
  /** Empty for layers without parameters. */
  formula: string;
  /** Forward floating-point operations per image: 2 per multiply-add, 1 per comparison or max. */
  flops: number;
}

function inputChannels(shape: Shape): number {
  return shape.kind === 'map' ? shape.channels : shape.units;
}

export function layerCost(layer: LayerSpec, info: LayerShapeInfo): LayerCost {
  const outSize = shapeSize(info.outShape);
  switch (layer.type) {
    case 'conv2d': {
      const k = layer.kernelSize;
      const c = inputChannels(info.inShape);
      const weights = k * k * c * layer.filters;
      const params = weights + layer.filters;
      return {
        index: info.index,
        params,
        formula: `${k}×${k}×${c}×${layer.filters} + ${layer.filters} = ${params}`,
        flops: 2 * k * k * c * outSize,
      };
    }
    case 'dense': {
      const inUnits = shapeSize(info.inShape);
      const params = inUnits * layer.units + layer.units;
      return {
        index: info.index,
        params,
        formula: `${inUnits}×${layer.units} + ${layer.units} = ${params}`,
        flops: 2 * inUnits * layer.units,
      };
    }
    case 'maxPool2d':
      return { index: info.index, params: 0, formula: '', flops: outSize * layer.size * layer.size };
    case 'relu':
      return { index: info.index, params: 0, formula: '', flops: outSize };
    case 'softmaxCrossEntropy':
      // exp, sum, divide and log per class: a handful of operations each.
      return { index: info.index, params: 0, formula: '', flops: 4 * outSize };
    case 'dropout':
    case 'flatten':
      return { index: info.index, params: 0, formula: '', flops: 0 };
  }
}

export function totalParams(costs: LayerCost[]): number {
  return costs.reduce((sum, cost) => sum + cost.params, 0);
}

export function totalFlops(costs: LayerCost[]): number {
  return costs.reduce((sum, cost) => sum + cost.flops, 0);
}
