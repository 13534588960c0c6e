// An architecture spelled out for engines that do not read our JSON: every
// layer with the sizes the peers' layer constructors ask for (input channels,
// input units), resolved once by the shared shape inference so TensorFlow.js
// and PyTorch build exactly our network, layer for layer. The loss layer is
// left out: each peer applies its own softmax cross-entropy to the logits,
// after a `logitScale` layer (a multiply) when the loss scales them.

import { BATCH_NORM_DEFAULTS } from '../../../common/arch/layers/batchNorm.js';
import { logitScaleOf } from '../../../common/arch/layers/softmaxCrossEntropy.js';
import { PATCH_WHITENING_DEFAULTS } from '../../../common/arch/layers/patchWhitening.js';
import { inferShapes } from '../../../common/arch/shapes.js';
import { shapeSize, type ArchitectureSpec, type Shape3 } from '../../../common/arch/spec.js';

export type PeerLayer =
  /** `fixedWeights`: filters that are not trained (patch whitening); the bias still is. */
  | { kind: 'conv2d'; inChannels: number; filters: number; kernelSize: number; stride: number; padding: number; fixedWeights?: boolean }
  | { kind: 'relu' }
  | { kind: 'maxPool2d'; size: number; stride: number }
  | { kind: 'flatten' }
  | { kind: 'dense'; inUnits: number; units: number }
  | { kind: 'dropout'; rate: number }
  | { kind: 'batchNorm'; features: number; spatial: boolean; momentum: number; epsilon: number }
  | { kind: 'leakyRelu'; slope: number }
  | { kind: 'avgPool2d'; size: number; stride: number }
  | { kind: 'globalAvgPool' }
  | { kind: 'logitScale'; scale: number };

export interface PeerNetwork {
  input: Shape3;
  numClasses: number;
  layers: PeerLayer[];
}

export function peerNetwork(spec: ArchitectureSpec): PeerNetwork {
  const shapes = inferShapes(spec);
  if (shapes.errors.length > 0) throw new Error(`architecture "${spec.name}": ${shapes.errors.map((e) => e.message).join('; ')}`);
  const layers: PeerLayer[] = [];
  let numClasses = 0;
  for (const info of shapes.layers) {
    const layer = spec.layers[info.index];
    switch (layer.type) {
      case 'patchWhitening':
        // For speed a convolution of the same size with frozen filters; which filters does not matter there.
        if (info.outShape.kind !== 'map' || info.inShape.kind !== 'map') throw new Error(`architecture "${spec.name}": layer ${info.index} (patchWhitening) needs a feature map`);
        layers.push({
          kind: 'conv2d',
          inChannels: info.inShape.channels,
          filters: info.outShape.channels,
          kernelSize: layer.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize,
          stride: 1,
          padding: 0,
          fixedWeights: true,
        });
        break;
      case 'conv2d':
        if (info.inShape.kind !== 'map') throw new Error(`architecture "${spec.name}": layer ${info.index} (conv2d) needs a feature map`);
        layers.push({
          kind: 'conv2d',
          inChannels: info.inShape.channels,
          filters: layer.filters,
          kernelSize: layer.kernelSize,
          stride: layer.stride ?? 1,
          padding: layer.padding ?? 0,
        });
        break;
      case 'maxPool2d':
        layers.push({ kind: 'maxPool2d', size: layer.size, stride: layer.stride ?? layer.size });
        break;
      case 'dense':
        layers.push({ kind: 'dense', inUnits: shapeSize(info.inShape), units: layer.units });
        break;
      case 'dropout':
        layers.push({ kind: 'dropout', rate: layer.rate });
        break;
      case 'batchNorm':
        layers.push({
          kind: 'batchNorm',
          features: info.inShape.kind === 'map' ? info.inShape.channels : info.inShape.units,
          spatial: info.inShape.kind === 'map',
          momentum: layer.momentum ?? BATCH_NORM_DEFAULTS.momentum,
          epsilon: layer.epsilon ?? BATCH_NORM_DEFAULTS.epsilon,
        });
        break;
      case 'leakyRelu':
        layers.push({ kind: 'leakyRelu', slope: layer.slope ?? 0.01 });
        break;
      case 'avgPool2d':
        layers.push({ kind: 'avgPool2d', size: layer.size, stride: layer.stride ?? layer.size });
        break;
      case 'globalAvgPool':
        layers.push({ kind: 'globalAvgPool' });
        break;
      case 'relu':
      case 'flatten':
        layers.push({ kind: layer.type });
        break;
      case 'softmaxCrossEntropy':
        numClasses = shapeSize(info.inShape);
        if (logitScaleOf(layer) !== 1) layers.push({ kind: 'logitScale', scale: logitScaleOf(layer) });
        break;
    }
  }
  return { input: spec.input, numClasses, layers };
}
