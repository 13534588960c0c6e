// From one layer of the architecture JSON to a layer object: which parameters
// it has (so the network can lay them out in its flat buffers first) and the
// layer built around them. New layer types (batch norm next) register here.

import type { LayerShapeInfo } from '../../common/arch/shapes.js';
import { shapeSize, type LayerSpec } from '../../common/arch/spec.js';
import { Conv2dLayer } from './conv2d.js';
import { DenseLayer } from './dense.js';
import { DropoutLayer } from './dropout.js';
import { FlattenLayer } from './flatten.js';
import type { Layer, LayerContext, Param, ParamName } from './layer.js';
import { MaxPool2dLayer } from './maxPool2d.js';
import { ReluLayer } from './relu.js';

export interface ParamShape {
  name: ParamName;
  shape: number[];
}

/** The trainable tensors of one layer, weights before bias. */
export function layerParamShapes(spec: LayerSpec, info: LayerShapeInfo): ParamShape[] {
  switch (spec.type) {
    case 'conv2d': {
      const inChannels = info.inShape.kind === 'map' ? info.inShape.channels : 1;
      return [
        { name: 'weights', shape: [spec.filters, inChannels, spec.kernelSize, spec.kernelSize] },
        { name: 'bias', shape: [spec.filters] },
      ];
    }
    case 'dense':
      return [
        { name: 'weights', shape: [spec.units, shapeSize(info.inShape)] },
        { name: 'bias', shape: [spec.units] },
      ];
    default:
      return [];
  }
}

/** The hidden layers; the softmaxCrossEntropy head is built by the network itself. */
export function createLayer(spec: LayerSpec, context: LayerContext, params: Param[]): Layer {
  switch (spec.type) {
    case 'conv2d':
      return new Conv2dLayer(context, spec, params[0], params[1]);
    case 'dense':
      return new DenseLayer(context, spec, params[0], params[1]);
    case 'maxPool2d':
      return new MaxPool2dLayer(context, spec);
    case 'relu':
      return new ReluLayer(context);
    case 'flatten':
      return new FlattenLayer(context);
    case 'dropout':
      return new DropoutLayer(context, spec);
    case 'softmaxCrossEntropy':
      throw new Error(`layer ${context.info.index}: softmaxCrossEntropy is the loss head, not a hidden layer`);
  }
}
