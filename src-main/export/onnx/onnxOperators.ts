// One ONNX node of a chain into what it is for the workbench: a layer (with
// its tensors), part of the layer before or after it (the Reshape that dense
// and global average pooling do implicitly), the input normalisation in
// front of the network, or the softmax (and the logit scale) at its end. Attributes the engine
// cannot honour (asymmetric padding, dilation, groups, ceil mode, …) are
// errors naming the node and the attribute.

import type { ParamName } from '../../../common/arch/layerDefinition.js';
import { BATCH_NORM_DEFAULTS } from '../../../common/arch/layers/batchNorm.js';
import { PATCH_WHITENING_DEFAULTS } from '../../../common/arch/layers/patchWhitening.js';
import type { LayerSpec, PatchWhiteningSpec } from '../../../common/arch/spec.js';
import { PATCH_WHITENING_DOC } from './onnxLayers.js';
import { OnnxImportError, type ConstantTensor, type TensorMessage } from './onnxTensors.js';

export interface NodeMessage {
  name?: string;
  docString?: string;
  opType?: string;
  input?: string[];
  output?: string[];
  attribute?: { name?: string; f?: number; i?: number; ints?: number[]; floats?: number[]; s?: Uint8Array; t?: TensorMessage }[];
}

export interface ChainState {
  /** The tensor the next node must read. */
  current: string;
  /** map: [N, C, H, W]; pooled: [N, C, 1, 1] from global pooling, a vector to the engine; vector: [N, units]. */
  shape: 'map' | 'pooled' | 'vector';
  /** Channels of a map, units of a vector. */
  channels: number;
  /** The normalisation in front of the first layer, (x − mean)/std per channel; null until one is seen. */
  affine: { mean: number[]; std: number[] } | null;
  /** True once a layer is read: Sub, Div, Mul and Add are normalisation only before it. */
  started: boolean;
  /** True once a final Softmax is read: nothing may follow. */
  ended: boolean;
  /** A Mul by one number at the end of the chain: the loss's logit scale (the exporter's pattern). */
  logitScale?: number;
}

export interface NodeReader {
  opset: number;
  constant(name: string, node: NodeMessage): ConstantTensor;
  addLayer(layer: LayerSpec, tensors?: Partial<Record<ParamName, ArrayLike<number>>>): void;
}

const SUPPORTED =
  'Conv, BatchNormalization, Relu, LeakyRelu, MaxPool, AveragePool, GlobalAveragePool, Dropout, Flatten, Reshape, Squeeze, Gemm, MatMul (+ Add), ' +
  'Identity, a final Softmax (after a Mul by one number: the logit scale), and Sub/Div/Mul/Add normalising the input before the first layer';

/** The shortest decimal that is the same float32: 0.1 for float32(0.1), as the architecture had it. */
export function fromFloat32(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return candidate;
  }
  return value;
}

function attribute(node: NodeMessage, name: string) {
  return node.attribute?.find((a) => a.name === name);
}

function intsOf(node: NodeMessage, name: string): number[] | undefined {
  const found = attribute(node, name);
  return found?.ints?.map(Number);
}

function intOf(node: NodeMessage, name: string, fallback: number): number {
  const found = attribute(node, name);
  return found?.i !== undefined ? Number(found.i) : fallback;
}

function floatOf(node: NodeMessage, name: string, fallback: number): number {
  const found = attribute(node, name);
  return found?.f !== undefined ? fromFloat32(found.f) : fallback;
}

function autoPadOf(node: NodeMessage): string {
  const found = attribute(node, 'auto_pad');
  return found?.s ? new TextDecoder().decode(found.s) : 'NOTSET';
}

/** A square window's side and stride, with no padding beyond `allowedPadding` equal on every side. */
function window(node: NodeMessage, where: string, kernelFromWeights?: number[]): { size: number; stride: number; padding: number } {
  const kernel = intsOf(node, 'kernel_shape') ?? kernelFromWeights;
  if (!kernel || kernel.length !== 2 || kernel[0] !== kernel[1]) throw new OnnxImportError(`${where}: kernel_shape [${kernel?.join(', ') ?? ''}] is not a square 2-D window`);
  const strides = intsOf(node, 'strides') ?? [1, 1];
  if (strides.length !== 2 || strides[0] !== strides[1]) throw new OnnxImportError(`${where}: strides [${strides.join(', ')}] differ between height and width`);
  const pads = intsOf(node, 'pads') ?? [0, 0, 0, 0];
  if (pads.some((p) => p !== pads[0])) throw new OnnxImportError(`${where}: pads [${pads.join(', ')}] are not the same on every side`);
  const dilations = intsOf(node, 'dilations') ?? [1, 1];
  if (dilations.some((d) => d !== 1)) throw new OnnxImportError(`${where}: dilations [${dilations.join(', ')}] are not supported (only 1)`);
  const autoPad = autoPadOf(node);
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw new OnnxImportError(`${where}: auto_pad ${autoPad} is not supported (give explicit pads)`);
  if (intOf(node, 'ceil_mode', 0) !== 0) throw new OnnxImportError(`${where}: ceil_mode 1 is not supported`);
  return { size: kernel[0], stride: strides[0], padding: pads[0] };
}

/** A constant broadcast over channels: one value, or one per channel. */
function perChannel(tensor: ConstantTensor, channels: number, where: string): number[] {
  const values = Array.from(tensor.values);
  if (values.length === 1) return new Array<number>(channels).fill(values[0]);
  if (values.length === channels) return values;
  throw new OnnxImportError(`${where}: "${tensor.name}" has ${values.length} values for ${channels} channels`);
}

/** A Reshape that turns [N, …] into [N, everything]: what the engine's layers do by themselves. */
function flattensToVector(node: NodeMessage, reader: NodeReader, where: string): boolean {
  const shape = Array.from(reader.constant(node.input?.[1] ?? '', node).values);
  if (shape.length !== 2) throw new OnnxImportError(`${where}: a Reshape to [${shape.join(', ')}] is not a flattening to [N, features]`);
  return true;
}

function normalizationStep(node: NodeMessage, where: string, state: ChainState, reader: NodeReader): void {
  const c = perChannel(reader.constant(node.input?.[1] ?? '', node), state.channels, where);
  const affine = state.affine ?? { mean: new Array<number>(state.channels).fill(0), std: new Array<number>(state.channels).fill(1) };
  // y = (x − mean)/std, then the step: Sub c moves the mean by c·std, Div c scales std by c.
  for (let k = 0; k < state.channels; k++) {
    if (node.opType === 'Sub') affine.mean[k] += c[k] * affine.std[k];
    if (node.opType === 'Add') affine.mean[k] -= c[k] * affine.std[k];
    if (node.opType === 'Div') affine.std[k] *= c[k];
    if (node.opType === 'Mul') affine.std[k] /= c[k];
    if (!(affine.std[k] > 0)) throw new OnnxImportError(`${where}: the input normalisation of channel ${k} would divide by ${affine.std[k]}`);
  }
  state.affine = { mean: affine.mean.map(fromFloat32), std: affine.std.map(fromFloat32) };
}

function dense(_node: NodeMessage, where: string, state: ChainState, reader: NodeReader, weights: ConstantTensor, transposed: boolean, bias: ArrayLike<number> | null): void {
  if (weights.dims.length !== 2) throw new OnnxImportError(`${where}: weights "${weights.name}" are not a matrix`);
  const [rows, columns] = weights.dims;
  const [units, inputs] = transposed ? [rows, columns] : [columns, rows];
  const values = Float32Array.from(weights.values as Float32Array);
  // The engine keeps dense weights [units, inputs].
  const w = transposed ? values : Float32Array.from({ length: units * inputs }, (_, k) => values[(k % inputs) * units + Math.floor(k / inputs)]);
  reader.addLayer({ type: 'dense', units }, { weights: w, bias: bias ?? new Float32Array(units) });
  state.shape = 'vector';
  state.channels = units;
}

/**
 * A Mul of the class scores by one number with nothing after it but a
 * Softmax: the loss's logit scale, as exportOnnx writes it. Any other Mul
 * after the first layer is not one the workbench has.
 */
function readsLogitScale(node: NodeMessage, where: string, next: NodeMessage | undefined, state: ChainState, reader: NodeReader): boolean {
  const last = next === undefined || next.opType === 'Softmax' || next.opType === 'LogSoftmax';
  if (!last || state.shape !== 'vector' || state.logitScale !== undefined) return false;
  const factor = reader.constant(node.input?.[1] ?? '', node);
  if (factor.values.length !== 1) return false;
  const scale = fromFloat32(factor.values[0]);
  if (!(scale > 0 && scale <= 100)) throw new OnnxImportError(`${where}: multiplies the logits by ${scale}; the loss's logit scale must be above 0, at most 100`);
  state.logitScale = scale;
  return true;
}

/**
 * Reads `node` (and, for MatMul followed by the Add of its bias, that Add too)
 * into `state`; returns how many nodes it read beyond this one.
 */
/**
 * The patch-whitening layer a Conv was exported from (its doc_string says so,
 * and it is the unpadded, stride-1 first layer of 2·C·k² filters it must be), or null.
 */
function patchWhiteningOf(
  node: NodeMessage,
  conv: { started: boolean; filters: number; channels: number; size: number; stride: number; padding: number },
): PatchWhiteningSpec | null {
  const match = PATCH_WHITENING_DOC.exec(node.docString ?? '');
  if (!match || conv.started || conv.stride !== 1 || conv.padding !== 0 || conv.filters !== 2 * conv.channels * conv.size * conv.size) return null;
  const epsilon = Number(match[1]);
  if (!(epsilon > 0)) return null;
  return {
    type: 'patchWhitening',
    ...(conv.size !== PATCH_WHITENING_DEFAULTS.kernelSize ? { kernelSize: conv.size } : {}),
    ...(epsilon !== PATCH_WHITENING_DEFAULTS.epsilon ? { epsilon } : {}),
  };
}

export function layerFromNode(node: NodeMessage, where: string, next: NodeMessage | undefined, state: ChainState, reader: NodeReader): number {
  const input = (k: number) => reader.constant(node.input?.[k] ?? '', node);
  const optionalInput = (k: number) => (node.input?.[k] ? input(k) : null);
  const add = (layer: LayerSpec, tensors?: Partial<Record<ParamName, ArrayLike<number>>>) => {
    reader.addLayer(layer, tensors);
    state.started = true;
    return 0;
  };
  switch (node.opType) {
    case 'Sub':
    case 'Div':
    case 'Mul':
    case 'Add':
      if (!state.started) {
        normalizationStep(node, where, state, reader);
        return 0;
      }
      if (node.opType === 'Mul' && readsLogitScale(node, where, next, state, reader)) return 0;
      break;
    case 'Identity':
      return 0;
    case 'Conv': {
      const weights = input(1);
      const [filters, channels, kh, kw] = weights.dims;
      if (intOf(node, 'group', 1) !== 1) throw new OnnxImportError(`${where}: group ${intOf(node, 'group', 1)} is not supported (only 1)`);
      const { size, stride, padding } = window(node, where, [kh, kw]);
      const tensors = { weights: weights.values as Float32Array, bias: (optionalInput(2)?.values as Float32Array | undefined) ?? new Float32Array(filters) };
      const whitening = patchWhiteningOf(node, { started: state.started, filters, channels, size, stride, padding });
      add(whitening ?? { type: 'conv2d', filters, kernelSize: size, ...(stride !== 1 ? { stride } : {}), ...(padding !== 0 ? { padding } : {}) }, tensors);
      state.channels = filters;
      return 0;
    }
    case 'BatchNormalization': {
      if (intOf(node, 'training_mode', 0) !== 0) throw new OnnxImportError(`${where}: training_mode 1 is not supported (an inference graph is)`);
      if (intOf(node, 'spatial', 1) !== 1) throw new OnnxImportError(`${where}: spatial 0 is not supported`);
      // ONNX's momentum weighs the running value; the workbench's (PyTorch's) weighs the batch.
      const momentum = Number((1 - floatOf(node, 'momentum', 0.9)).toPrecision(12));
      const epsilon = floatOf(node, 'epsilon', 1e-5);
      return add(
        {
          type: 'batchNorm',
          ...(momentum !== BATCH_NORM_DEFAULTS.momentum ? { momentum } : {}),
          ...(epsilon !== BATCH_NORM_DEFAULTS.epsilon ? { epsilon } : {}),
        },
        { scale: input(1).values as Float32Array, shift: input(2).values as Float32Array, runningMean: input(3).values as Float32Array, runningVariance: input(4).values as Float32Array },
      );
    }
    case 'Relu':
      return add({ type: 'relu' });
    case 'LeakyRelu': {
      const slope = floatOf(node, 'alpha', 0.01);
      return add({ type: 'leakyRelu', ...(slope !== 0.01 ? { slope } : {}) });
    }
    case 'MaxPool':
    case 'AveragePool': {
      if (node.output && node.output.length > 1 && node.output[1]) throw new OnnxImportError(`${where}: the indices output of MaxPool is not supported`);
      const { size, stride, padding } = window(node, where);
      if (padding !== 0) throw new OnnxImportError(`${where}: padded pooling (pads ${padding}) is not supported`);
      return add({ type: node.opType === 'MaxPool' ? 'maxPool2d' : 'avgPool2d', size, ...(stride !== size ? { stride } : {}) });
    }
    case 'GlobalAveragePool':
      state.shape = 'pooled';
      return add({ type: 'globalAvgPool' });
    case 'Squeeze':
      if (state.shape !== 'pooled') throw new OnnxImportError(`${where}: Squeeze is read only right after GlobalAveragePool`);
      state.shape = 'vector';
      return 0;
    case 'Reshape':
      flattensToVector(node, reader, where);
      // A real feature map flattened for anything but a dense layer needs the engine's flatten layer.
      if (state.shape === 'map' && next?.opType !== 'Gemm' && next?.opType !== 'MatMul') add({ type: 'flatten' });
      state.shape = 'vector';
      return 0;
    case 'Flatten':
      if (intOf(node, 'axis', 1) !== 1) throw new OnnxImportError(`${where}: Flatten with axis ${intOf(node, 'axis', 1)} is not supported (only 1)`);
      state.shape = 'vector';
      return add({ type: 'flatten' });
    case 'Dropout': {
      const ratio = reader.opset >= 12 ? (node.input?.[1] ? input(1).values[0] : 0.5) : floatOf(node, 'ratio', 0.5);
      if (node.input?.[2]) throw new OnnxImportError(`${where}: a training_mode input is not supported`);
      return add({ type: 'dropout', rate: fromFloat32(ratio) });
    }
    case 'Gemm': {
      if (intOf(node, 'transA', 0) !== 0) throw new OnnxImportError(`${where}: transA 1 is not supported`);
      if (floatOf(node, 'alpha', 1) !== 1 || floatOf(node, 'beta', 1) !== 1) throw new OnnxImportError(`${where}: alpha and beta other than 1 are not supported`);
      const bias = optionalInput(2);
      dense(node, where, state, reader, input(1), intOf(node, 'transB', 0) === 1, bias ? perChannel(bias, input(1).dims[intOf(node, 'transB', 0) === 1 ? 0 : 1], where) : null);
      state.started = true;
      return 0;
    }
    case 'MatMul': {
      // PyTorch writes a Linear layer as MatMul then Add of the bias.
      const addsBias = next?.opType === 'Add' && next.input?.[0] === node.output?.[0];
      const weights = input(1);
      const bias = addsBias && next?.input?.[1] ? perChannel(reader.constant(next.input[1], next), weights.dims[1], where) : null;
      dense(node, where, state, reader, weights, false, bias);
      state.started = true;
      return addsBias ? 1 : 0;
    }
    case 'Softmax':
    case 'LogSoftmax':
      state.ended = true;
      return 0;
  }
  throw new OnnxImportError(`unsupported operator "${node.opType}" at ${where}; import-onnx reads ${SUPPORTED}`);
}
