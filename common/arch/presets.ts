// The report's networks and their default training recipes. Parameter counts
// are pinned by tests to the report's tables.

import type { PresetInfo } from '../api/contract.js';
import type { Hyperparameters } from '../runs.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec, type LayerSpec } from './spec.js';

function architecture(name: string, description: string, input: ArchitectureSpec['input'], layers: LayerSpec[]): ArchitectureSpec {
  return { format: ARCHITECTURE_FORMAT, version: ARCHITECTURE_VERSION, name, description, input, layers };
}

const conv = (filters: number, kernelSize: number, padding: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, stride: 1, padding });
const pool: LayerSpec = { type: 'maxPool2d', size: 2, stride: 2 };
const relu: LayerSpec = { type: 'relu' };
const flatten: LayerSpec = { type: 'flatten' };
const dense = (units: number): LayerSpec => ({ type: 'dense', units });
const loss: LayerSpec = { type: 'softmaxCrossEntropy' };
const batchNorm: LayerSpec = { type: 'batchNorm' };
const globalAvgPool: LayerSpec = { type: 'globalAvgPool' };
/** A 3×3 convolution that keeps the map's size, batch-normalised, then ReLU. */
const convBatchNormRelu = (filters: number): LayerSpec[] => [conv(filters, 3, 1), batchNorm, relu];

/**
 * airbench's block: the 2×2 max-pooling comes right after the first 3×3
 * convolution, so the second one runs on a quarter of the pixels. Measured
 * here, cifar-fast's net of these blocks trains about 2.5× as many images a
 * second as one of VGG stages (two convolutions, then pooling) of the same widths.
 */
const downsamplingBlock = (filters: number): LayerSpec[] => [conv(filters, 3, 1), pool, batchNorm, relu, ...convBatchNormRelu(filters)];

/** Three downsampling blocks (32, 64, 128 filters), global average pooling, ten classes. */
const cifarFastArchitecture = (): ArchitectureSpec =>
  architecture('cifar-fast', 'Batch-normalised downsampling blocks for CIFAR-10', { channels: 3, height: 32, width: 32 }, [
    ...downsamplingBlock(32), ...downsamplingBlock(64), ...downsamplingBlock(128), globalAvgPool, dense(10), loss,
  ]);

/**
 * The modern recipe: PyTorch's SGD with Nesterov momentum, label smoothing,
 * warm-up then cosine decay, random crops. The report's presets keep the
 * report's momentum rule.
 */
const MODERN_RECIPE: Hyperparameters = {
  epochs: 10,
  batchSize: 128,
  learningRate: 0.1,
  optimizer: 'sgdPytorch',
  momentum: 0.9,
  nesterov: true,
  weightDecay: 0.0005,
  schedule: { kind: 'warmupCosine', warmupEpochs: 1, minLr: 0 },
  labelSmoothing: 0.1,
  augmentation: { cropPadding: 2, horizontalFlip: false, cutoutSize: 0 },
  seed: 1,
  valSplit: 0.1,
  trainLimit: null,
  testLimit: null,
  workers: 2,
};

/** airbench's batch norm: running statistics follow the batch faster (PyTorch momentum 0.4) and ε is tiny. */
const airbenchBatchNorm: LayerSpec = { type: 'batchNorm', momentum: 0.4, epsilon: 1e-12 };

/**
 * airbench94's network (64, 256 and 256 filters) behind its frozen 2×2 patch
 * whitening, with its classifier's logits scaled by 1/9. The whitening leaves
 * 31×31 maps; the first block pads its convolution by 2 and pools 3×3 with
 * stride 2 to reach 16×16, so the later blocks run on 16, 8 and 4, the sizes
 * the Winograd kernels tile exactly (measured: airbench's odd 15, 7 and 3
 * trained at 0.62× the images a second of these, `stepArch`).
 */
const cifarWideArchitecture = (): ArchitectureSpec => {
  const block = (filters: number, first: boolean): LayerSpec[] => [
    conv(filters, 3, first ? 2 : 1),
    first ? { type: 'maxPool2d', size: 3, stride: 2 } : pool,
    airbenchBatchNorm,
    relu,
    conv(filters, 3, 1),
    airbenchBatchNorm,
    relu,
  ];
  return architecture('cifar-wide', 'airbench94-style network for CIFAR-10: frozen patch whitening, three downsampling blocks', { channels: 3, height: 32, width: 32 }, [
    { type: 'patchWhitening', kernelSize: 2 },
    relu,
    ...block(64, true),
    ...block(256, false),
    ...block(256, false),
    { type: 'maxPool2d', size: 4, stride: 4 },
    flatten,
    dense(10),
    { type: 'softmaxCrossEntropy', logitScale: 1 / 9 },
  ]);
};

/** CIFAR-10 adds mirror images to the crops, in training and averaged at test time. */
const CIFAR_RECIPE: Hyperparameters = {
  ...MODERN_RECIPE,
  augmentation: { cropPadding: 4, horizontalFlip: true, cutoutSize: 0 },
  testTimeFlip: true,
};

const BASE_RECIPE: Hyperparameters = {
  epochs: 3,
  batchSize: 64,
  learningRate: 0.05,
  optimizer: 'sgdMomentum',
  momentum: 0.9,
  weightDecay: 0.0005,
  schedule: { kind: 'cosine', minLr: 0.001 },
  seed: 1,
  valSplit: 0.1,
  trainLimit: null,
  testLimit: null,
  workers: 2,
};

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'mnist-baseline',
    description: 'The report’s MNIST network: two 5×5 convolutions with 16 filters, each followed by ReLU and 2×2 max-pooling, then a dense layer to 10 classes.',
    datasetId: 'mnist',
    architecture: architecture('mnist-baseline', 'Report baseline for MNIST', { channels: 1, height: 28, width: 28 }, [
      conv(16, 5, 2), relu, pool,
      conv(16, 5, 2), relu, pool,
      flatten, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE },
  },
  {
    id: 'cifar-baseline',
    description: 'The report’s CIFAR-10 network: three convolutions (16, 26, 32 filters) with ReLU and pooling, a 20-unit hidden dense layer, then 10 classes.',
    datasetId: 'cifar10',
    architecture: architecture('cifar-baseline', 'Report baseline for CIFAR-10', { channels: 3, height: 32, width: 32 }, [
      conv(16, 5, 2), relu, pool,
      conv(26, 5, 2), relu, pool,
      conv(32, 3, 1), relu,
      flatten, dense(20), relu, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE, epochs: 10 },
  },
  {
    id: 'cifar-best',
    description: 'The report’s best CIFAR-10 variant: the baseline without the 20-unit hidden layer, so the convolutional features reach the classifier directly.',
    datasetId: 'cifar10',
    architecture: architecture('cifar-best', 'Report best CIFAR-10 variant', { channels: 3, height: 32, width: 32 }, [
      conv(16, 5, 2), relu, pool,
      conv(26, 5, 2), relu, pool,
      conv(32, 3, 1), relu,
      flatten, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE, epochs: 10 },
  },
  {
    id: 'mnist-best',
    description:
      'A modern MNIST network: two blocks of a 3×3 convolution, 2×2 max-pooling and a second 3×3 convolution, each convolution with batch norm and ReLU (16 and 32 filters), a 64-filter convolution, global average pooling; trained with random crops, label smoothing and Nesterov momentum.',
    datasetId: 'mnist',
    architecture: architecture('mnist-best', 'Batch-normalised downsampling blocks for MNIST', { channels: 1, height: 28, width: 28 }, [
      ...downsamplingBlock(16),
      ...downsamplingBlock(32),
      ...convBatchNormRelu(64),
      globalAvgPool, dense(10), loss,
    ]),
    recipe: { ...MODERN_RECIPE, epochs: 8 },
  },
  {
    id: 'cifar-fast',
    description:
      'A modern CIFAR-10 network: three blocks of a 3×3 convolution, 2×2 max-pooling and a second 3×3 convolution, each convolution with batch norm and ReLU (32, 64, 128 filters), global average pooling; random crops, mirror images, label smoothing, Nesterov momentum, warm-up and cosine decay, and mirror-image averaging at test time.',
    datasetId: 'cifar10',
    architecture: cifarFastArchitecture(),
    // Measured: 86.36% test accuracy, 10:22 wall clock with loading, validation and the test (`train --preset cifar-fast`);
    // 16 epochs gave 85.43% and, after the 4×4 Winograd kernels changed its rounding, 84.68%: too close to 85% to keep.
    recipe: { ...CIFAR_RECIPE, epochs: 24 },
  },
  {
    id: 'cifar-wide',
    description:
      'The longer CIFAR-10 recipe (measured: 90.45% test accuracy in 40 minutes on two cores): airbench94’s network (frozen 2×2 patch whitening, blocks of 64, 256 and 256 filters, logits scaled by 1/9) and its training: 11 epochs of all 50,000 training images in batches of 1,024, Nesterov momentum 0.85, partial identity initialisation, batch norm scales frozen and shifts at 64× the learning rate, Lookahead, label smoothing 0.2, reflected 2-pixel crops and alternating mirror images; at test time the mirror and 1-pixel shifted images averaged in.',
    datasetId: 'cifar10',
    architecture: cifarWideArchitecture(),
    // Measured: 90.45% test accuracy, 40:12 wall clock with loading and the six-view test (`train --preset cifar-wide`);
    // the 30-epoch recipe it replaces (a trained 3×3 stem, batch 128, lr 0.1) plateaued at 89.6–89.9%.
    recipe: {
      ...CIFAR_RECIPE,
      // airbench94's hyperparameters in this engine's terms (mean loss, PyTorch's SGD): its lr 11.5 a 1,024 images over
      // 1024·(1 + 1/(1 − 0.85)) is 1.5 for a mean over 1,024; its decay per step lr·λ = 0.0153·1024/7850 = 0.002, λ = 0.002/1.5.
      epochs: 11,
      batchSize: 1024,
      learningRate: 1.5,
      momentum: 0.85,
      nesterov: true,
      weightDecay: 0.002 / 1.5,
      // airbench's: from 0.2·lr up to lr over the first 23% of the steps, then down to 0.07·lr (cosine here, linear there).
      schedule: { kind: 'oneCycle', rampFraction: 0.23, startDivisor: 5, endDivisor: 1 / (5 * 0.07) },
      // All 50,000 training images, as airbench trains: the run has no validation curve; its test accuracy is the measure.
      valSplit: 0,
      labelSmoothing: 0.2,
      augmentation: { cropPadding: 2, horizontalFlip: true, cutoutSize: 0, alternatingFlip: true, cropPaddingMode: 'reflect' },
      testTimeShift: 1,
      identityInit: true,
      freezeBatchNormScale: true,
      shiftLearningRateFactor: 64,
      lookahead: true,
    },
  },
];

export type PresetId = 'mnist-baseline' | 'cifar-baseline' | 'cifar-best' | 'mnist-best' | 'cifar-fast' | 'cifar-wide';

export function findPreset(id: string): PresetInfo | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** A deep copy, so callers can edit it freely. */
export function presetArchitecture(id: string): ArchitectureSpec | undefined {
  const preset = findPreset(id);
  return preset ? structuredClone(preset.architecture) : undefined;
}
