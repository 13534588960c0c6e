// Each layer type as ONNX operators (opset 13). The record is keyed by
// LayerType, so a new layer type does not compile until it says how it is
// written here. Conventions the importer (importOnnx.ts) relies on to give
// the same architecture back:
// - a layer that is one operator is one node (Conv, BatchNormalization,
//   Relu, LeakyRelu, MaxPool, AveragePool, Dropout, Flatten, Gemm);
// - what the engine's layers do implicitly is a Reshape to [N, −1]: dense on
//   a feature map reads it flattened (Reshape, then Gemm), and global average
//   pooling yields a vector (GlobalAveragePool, then Reshape). An explicit
//   flatten layer is a Flatten node.
// - patch whitening is a Conv (stride 1, no padding) holding the filters the
//   run computed; its node's doc_string (PATCH_WHITENING_DOC) says it was one
//   and keeps its epsilon, which a Conv attribute could not (ONNX refuses
//   attributes an operator does not define).
// - batch norm's momentum is ONNX's opposite convention:
//   running ← momentum·running + (1 − momentum)·batch, so ONNX's is 1 − ours.
// - the loss's logit scale s ≠ 1 is a Mul by a scalar initializer between
//   the last layer and the `logits` output.

import type { LayerSpec, LayerType } from '../../../common/arch/spec.js';
import { BATCH_NORM_DEFAULTS } from '../../../common/arch/layers/batchNorm.js';
import { logitScaleOf } from '../../../common/arch/layers/softmaxCrossEntropy.js';
import { PATCH_WHITENING_DEFAULTS } from '../../../common/arch/layers/patchWhitening.js';
import { tensorOf, type WeightedLayer } from '../layerTensors.js';
import { floatAttribute, floatTensor, int64Tensor, intAttribute, intsAttribute, node, type OnnxFragment } from './graphParts.js';

export interface OnnxLayerPlace {
  layer: WeightedLayer;
  /** The tensor this layer reads. */
  input: string;
  /** The tensor it must end in. */
  output: string;
  /** Prefix of its node and initializer names: `layer3_conv2d`. */
  prefix: string;
}

type OnnxLayerWriter<S> = (spec: S, at: OnnxLayerPlace) => OnnxFragment;

/** A layer written as one operator whose extra inputs are the layer's tensors. */
function oneNode(at: OnnxLayerPlace, opType: string, tensorNames: Parameters<typeof tensorOf>[1][], attributes: OnnxFragment['nodes'][number]['attribute'] = []): OnnxFragment {
  const initializers = tensorNames.map((name) => {
    const tensor = tensorOf(at.layer, name);
    return floatTensor(`${at.prefix}.${name}`, tensor.shape, tensor.values);
  });
  return {
    nodes: [node(at.prefix, opType, [at.input, ...initializers.map((t) => t.name)], [at.output], attributes)],
    initializers,
    output: at.output,
  };
}

/** Reshape to [N, −1]: the flattening the engine's dense and global average pooling do by themselves. */
function toVector(at: OnnxLayerPlace, input: string, output: string): OnnxFragment {
  const shape = int64Tensor(`${at.prefix}.vectorShape`, [2], [0, -1]);
  return { nodes: [node(`${at.prefix}_vector`, 'Reshape', [input, shape.name], [output])], initializers: [shape], output };
}

function windowAttributes(size: number, stride: number) {
  return [intsAttribute('kernel_shape', [size, size]), intsAttribute('strides', [stride, stride]), intsAttribute('pads', [0, 0, 0, 0])];
}

/** The doc_string of a patch-whitening layer's Conv node: `cnn-workbench patchWhitening epsilon 0.0005`. */
export const PATCH_WHITENING_DOC = /^cnn-workbench patchWhitening epsilon (\S+)$/;

export const ONNX_LAYERS: { readonly [T in LayerType]: OnnxLayerWriter<Extract<LayerSpec, { type: T }>> } = {
  patchWhitening: (spec, at) => {
    const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    const fragment = oneNode(at, 'Conv', ['weights', 'bias'], [
      intsAttribute('kernel_shape', [k, k]),
      intsAttribute('strides', [1, 1]),
      intsAttribute('pads', [0, 0, 0, 0]),
      intsAttribute('dilations', [1, 1]),
      intAttribute('group', 1),
    ]);
    fragment.nodes[0].docString = `cnn-workbench patchWhitening epsilon ${spec.epsilon ?? PATCH_WHITENING_DEFAULTS.epsilon}`;
    return fragment;
  },
  conv2d: (spec, at) => {
    const stride = spec.stride ?? 1;
    const padding = spec.padding ?? 0;
    return oneNode(at, 'Conv', ['weights', 'bias'], [
      intsAttribute('kernel_shape', [spec.kernelSize, spec.kernelSize]),
      intsAttribute('strides', [stride, stride]),
      intsAttribute('pads', [padding, padding, padding, padding]),
      intsAttribute('dilations', [1, 1]),
      intAttribute('group', 1),
    ]);
  },
  batchNorm: (spec, at) =>
    oneNode(at, 'BatchNormalization', ['scale', 'shift', 'runningMean', 'runningVariance'], [
      floatAttribute('epsilon', spec.epsilon ?? BATCH_NORM_DEFAULTS.epsilon),
      floatAttribute('momentum', 1 - (spec.momentum ?? BATCH_NORM_DEFAULTS.momentum)),
    ]),
  relu: (_spec, at) => oneNode(at, 'Relu', []),
  leakyRelu: (spec, at) => oneNode(at, 'LeakyRelu', [], [floatAttribute('alpha', spec.slope ?? 0.01)]),
  maxPool2d: (spec, at) => oneNode(at, 'MaxPool', [], windowAttributes(spec.size, spec.stride ?? spec.size)),
  avgPool2d: (spec, at) => oneNode(at, 'AveragePool', [], windowAttributes(spec.size, spec.stride ?? spec.size)),
  globalAvgPool: (_spec, at) => {
    const map = `${at.prefix}_map`;
    const vector = toVector(at, map, at.output);
    return { nodes: [node(at.prefix, 'GlobalAveragePool', [at.input], [map]), ...vector.nodes], initializers: vector.initializers, output: at.output };
  },
  dropout: (spec, at) => {
    const ratio = floatTensor(`${at.prefix}.ratio`, [], [spec.rate]);
    return { nodes: [node(at.prefix, 'Dropout', [at.input, ratio.name], [at.output])], initializers: [ratio], output: at.output };
  },
  flatten: (_spec, at) => oneNode(at, 'Flatten', [], [intAttribute('axis', 1)]),
  dense: (_spec, at) => {
    const gemm = oneNode(at, 'Gemm', ['weights', 'bias'], [intAttribute('transB', 1)]);
    if (at.layer.inShape.kind === 'vector') return gemm;
    const flat = `${at.prefix}_vector`;
    const vector = toVector(at, at.input, flat);
    gemm.nodes[0].input[0] = flat;
    return { nodes: [...vector.nodes, ...gemm.nodes], initializers: [...vector.initializers, ...gemm.initializers], output: at.output };
  },
  // The loss trains; inference ends at its input, the logits (the exporter
  // adds a Softmax beside them), or with a logit scale s ≠ 1 at s·logits, a
  // Mul by a scalar: the engine's scores, what its softmax reads. At s = 1 no
  // node is added, so such exports stay as they were.
  softmaxCrossEntropy: (spec, at) => {
    const scale = logitScaleOf(spec);
    if (scale === 1) return { nodes: [], initializers: [], output: at.input };
    const factor = floatTensor(`${at.prefix}.logitScale`, [], [scale]);
    return { nodes: [node(`${at.prefix}_logit_scale`, 'Mul', [at.input, factor.name], [at.output])], initializers: [factor], output: at.output };
  },
};

export function writeOnnxLayer(spec: LayerSpec, at: OnnxLayerPlace): OnnxFragment {
  const writer = ONNX_LAYERS[spec.type] as OnnxLayerWriter<LayerSpec>;
  return writer(spec, at);
}
