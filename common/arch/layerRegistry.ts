// Every layer type the workbench knows, in palette order. Adding a layer type
// is a file in layers/, a line here and its engine half in
// workers/layers/engineRegistry.ts; the type checker points at anything else
// (the spec union in spec.ts) that must learn about it.

import type { LayerDefinition } from './layerDefinition.js';
import { avgPool2d } from './layers/avgPool2d.js';
import { batchNorm } from './layers/batchNorm.js';
import { conv2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { flatten } from './layers/flatten.js';
import { globalAvgPool } from './layers/globalAvgPool.js';
import { leakyRelu } from './layers/leakyRelu.js';
import { maxPool2d } from './layers/maxPool2d.js';
import { patchWhitening } from './layers/patchWhitening.js';
import { relu } from './layers/relu.js';
import { softmaxCrossEntropy } from './layers/softmaxCrossEntropy.js';
import type { LayerSpec, LayerType } from './spec.js';

type Registry = { readonly [T in LayerType]: LayerDefinition<Extract<LayerSpec, { type: T }>> };

export const LAYER_DEFINITIONS: Registry = {
  conv2d,
  patchWhitening,
  batchNorm,
  relu,
  leakyRelu,
  maxPool2d,
  avgPool2d,
  globalAvgPool,
  dropout,
  flatten,
  dense,
  softmaxCrossEntropy,
};

export const LAYER_TYPES = Object.keys(LAYER_DEFINITIONS) as LayerType[];

export function isLayerType(type: unknown): type is LayerType {
  return typeof type === 'string' && Object.hasOwn(LAYER_DEFINITIONS, type);
}

/** The definition of a layer's type, typed for that layer (the registry pairs each type with its own spec). */
export function definitionOf<S extends LayerSpec>(layer: S): LayerDefinition<S> {
  return LAYER_DEFINITIONS[layer.type] as unknown as LayerDefinition<S>;
}
