// Each layer type as a PyTorch module (written into model.py) and the
// state_dict names of its tensors. Keyed by LayerType, so a new layer type
// does not compile until it is mapped here. The modules not in torch.nn
// (GhostBatchNorm, SeededDropout, Dense, GlobalAvgPool, LogitScale, PatchWhitening) are in
// python/layers.py, which says why each exists.

import type { ParamName } from '../../../common/arch/layerDefinition.js';
import { BATCH_NORM_DEFAULTS } from '../../../common/arch/layers/batchNorm.js';
import { logitScaleOf } from '../../../common/arch/layers/softmaxCrossEntropy.js';
import { PATCH_WHITENING_DEFAULTS } from '../../../common/arch/layers/patchWhitening.js';
import { shapeSize, type LayerSpec, type LayerType, type Shape } from '../../../common/arch/spec.js';
import { featureCount } from '../../../common/arch/layerDefinition.js';

export interface PytorchLayer {
  /** A Python expression building the module; `seed` (the run's) is in scope. */
  module: string;
  /** The state_dict key (after `layers.<i>.`) of each of the layer's tensors. */
  tensors: Partial<Record<ParamName, string>>;
}

type PytorchLayerWriter<S> = (spec: S, inShape: Shape, index: number) => PytorchLayer | null;

/** A JavaScript number as Python reads it (integers stay integers, 1e-5 stays 1e-5). */
export function pythonNumber(value: number): string {
  return String(value);
}

const WEIGHT_AND_BIAS = { weights: 'weight', bias: 'bias' } as const;

export const PYTORCH_LAYERS: { readonly [T in LayerType]: PytorchLayerWriter<Extract<LayerSpec, { type: T }>> } = {
  // Its filters come in the weight file (the workbench computed them from the training images); the module freezes them.
  patchWhitening: (spec, inShape) => ({
    module: `PatchWhitening(${featureCount(inShape)}, kernel_size=${spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize})`,
    tensors: WEIGHT_AND_BIAS,
  }),
  conv2d: (spec, inShape) => ({
    module: `nn.Conv2d(${featureCount(inShape)}, ${spec.filters}, kernel_size=${spec.kernelSize}, stride=${spec.stride ?? 1}, padding=${spec.padding ?? 0})`,
    tensors: WEIGHT_AND_BIAS,
  }),
  batchNorm: (spec, inShape) => ({
    module: `GhostBatchNorm(${featureCount(inShape)}, momentum=${pythonNumber(spec.momentum ?? BATCH_NORM_DEFAULTS.momentum)}, eps=${pythonNumber(spec.epsilon ?? BATCH_NORM_DEFAULTS.epsilon)})`,
    tensors: { scale: 'weight', shift: 'bias', runningMean: 'running_mean', runningVariance: 'running_var' },
  }),
  relu: () => ({ module: 'nn.ReLU()', tensors: {} }),
  leakyRelu: (spec) => ({ module: `nn.LeakyReLU(${pythonNumber(spec.slope ?? 0.01)})`, tensors: {} }),
  maxPool2d: (spec) => ({ module: `nn.MaxPool2d(kernel_size=${spec.size}, stride=${spec.stride ?? spec.size})`, tensors: {} }),
  avgPool2d: (spec) => ({ module: `nn.AvgPool2d(kernel_size=${spec.size}, stride=${spec.stride ?? spec.size})`, tensors: {} }),
  globalAvgPool: () => ({ module: 'GlobalAvgPool()', tensors: {} }),
  // The workbench seeds each layer's stream with (run seed, layer index): workers/network.ts.
  dropout: (spec, _inShape, index) => ({ module: `SeededDropout(${pythonNumber(spec.rate)}, mix_seeds(seed, ${index}))`, tensors: {} }),
  flatten: () => ({ module: 'nn.Flatten()', tensors: {} }),
  dense: (spec, inShape) => ({ module: `Dense(${shapeSize(inShape)}, ${spec.units})`, tensors: WEIGHT_AND_BIAS }),
  // The loss is train.py's cross-entropy, not a module; its logit scale, when
  // not 1, is the network's last module, so model(x) is what the engine's
  // softmax reads, in training, evaluation and prediction alike.
  softmaxCrossEntropy: (spec) => {
    const scale = logitScaleOf(spec);
    return scale === 1 ? null : { module: `LogitScale(${pythonNumber(scale)})`, tensors: {} };
  },
};

export function pytorchLayer(spec: LayerSpec, inShape: Shape, index: number): PytorchLayer | null {
  const writer = PYTORCH_LAYERS[spec.type] as PytorchLayerWriter<LayerSpec>;
  return writer(spec, inShape, index);
}
