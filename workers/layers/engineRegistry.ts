// The engine's half of each layer type (the shared half is
// common/arch/layerRegistry.ts): how to build the layer object around its
// parameters. The loss head is built by the network itself.

import type { LayerSpec, LayerType } from '../../common/arch/spec.js';
import { AvgPool2dLayer } from './avgPool2d.js';
import { BatchNormLayer } from './batchNorm.js';
import { Conv2dLayer } from './conv2d.js';
import { DenseLayer } from './dense.js';
import { DropoutLayer } from './dropout.js';
import { FlattenLayer } from './flatten.js';
import { GlobalAvgPoolLayer } from './globalAvgPool.js';
import type { Layer, LayerContext, Param } from './layer.js';
import { LeakyReluLayer } from './leakyRelu.js';
import { MaxPool2dLayer } from './maxPool2d.js';
import { PatchWhiteningLayer } from './patchWhitening.js';
import { ReluLayer } from './relu.js';

type HiddenType = Exclude<LayerType, 'softmaxCrossEntropy'>;
type LayerFactory<S> = (spec: S, context: LayerContext, params: Param[]) => Layer;

const ENGINE_LAYERS: { readonly [T in HiddenType]: LayerFactory<Extract<LayerSpec, { type: T }>> } = {
  patchWhitening: (spec, context, [weights, bias]) => new PatchWhiteningLayer(context, spec, weights, bias),
  conv2d: (spec, context, [weights, bias]) => new Conv2dLayer(context, spec, weights, bias),
  batchNorm: (spec, context, params) => new BatchNormLayer(context, spec, params),
  relu: (_spec, context) => new ReluLayer(context),
  leakyRelu: (spec, context) => new LeakyReluLayer(context, spec),
  maxPool2d: (spec, context) => new MaxPool2dLayer(context, spec),
  avgPool2d: (spec, context) => new AvgPool2dLayer(context, spec),
  globalAvgPool: (_spec, context) => new GlobalAvgPoolLayer(context),
  dropout: (spec, context) => new DropoutLayer(context, spec),
  flatten: (_spec, context) => new FlattenLayer(context),
  dense: (spec, context, [weights, bias]) => new DenseLayer(context, spec, weights, bias),
};

/** A hidden layer of the network around its parameters (in its definition's paramShapes order). */
export function createLayer(spec: LayerSpec, context: LayerContext, params: Param[]): Layer {
  if (spec.type === 'softmaxCrossEntropy') {
    throw new Error(`layer ${context.info.index}: softmaxCrossEntropy is the loss head, not a hidden layer`);
  }
  const factory = ENGINE_LAYERS[spec.type] as LayerFactory<LayerSpec>;
  return factory(spec, context, params);
}
