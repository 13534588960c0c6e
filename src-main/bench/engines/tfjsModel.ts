// Our network as a TensorFlow.js layers model, layer for layer. TensorFlow.js
// computes in NHWC (its conv kernels do not take NCHW on every backend); the
// arithmetic per layer is the same as ours.

import type * as Tfjs from '@tensorflow/tfjs';
import type { PeerLayer, PeerNetwork } from './peerLayers.js';

export type Tf = typeof Tfjs;

/** Our symmetric zero padding in TensorFlow.js terms: 'valid', 'same', or an explicit padding layer first. */
function convPadding(layer: Extract<PeerLayer, { kind: 'conv2d' }>): 'valid' | 'same' | 'explicit' {
  if (layer.padding === 0) return 'valid';
  // With stride 1 and an odd kernel, 'same' pads (k − 1)/2 on each side: exactly our padding.
  if (layer.stride === 1 && 2 * layer.padding === layer.kernelSize - 1) return 'same';
  return 'explicit';
}

function layersFor(tf: Tf, layer: PeerLayer): Tfjs.layers.Layer[] {
  switch (layer.kind) {
    case 'conv2d': {
      const padding = convPadding(layer);
      const conv = tf.layers.conv2d({
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.stride,
        padding: padding === 'same' ? 'same' : 'valid',
        // TensorFlow.js freezes a layer whole: fixed filters take the (small) bias with them.
        trainable: !layer.fixedWeights,
      });
      return padding === 'explicit' ? [tf.layers.zeroPadding2d({ padding: layer.padding }), conv] : [conv];
    }
    case 'relu':
      return [tf.layers.reLU()];
    case 'maxPool2d':
      return [tf.layers.maxPooling2d({ poolSize: layer.size, strides: layer.stride })];
    case 'flatten':
      return [tf.layers.flatten()];
    case 'dense':
      return [tf.layers.dense({ units: layer.units })];
    case 'dropout':
      return [tf.layers.dropout({ rate: layer.rate })];
    case 'batchNorm':
      // Keras's momentum weighs the old running value: ours (PyTorch's) weighs the new batch.
      return [tf.layers.batchNormalization({ axis: -1, momentum: 1 - layer.momentum, epsilon: layer.epsilon })];
    case 'leakyRelu':
      return [tf.layers.leakyReLU({ alpha: layer.slope })];
    case 'avgPool2d':
      return [tf.layers.averagePooling2d({ poolSize: layer.size, strides: layer.stride })];
    case 'globalAvgPool':
      return [tf.layers.globalAveragePooling2d({})];
    case 'logitScale':
      // scale·x + 0: the one multiply, as a layer the model can hold.
      return [tf.layers.rescaling({ scale: layer.scale })];
  }
}

/** A model from NHWC images to logits. */
export function buildTfjsModel(tf: Tf, network: PeerNetwork): Tfjs.Sequential {
  const { channels, height, width } = network.input;
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [height, width, channels] }));
  for (const layer of network.layers) for (const built of layersFor(tf, layer)) model.add(built);
  return model;
}
