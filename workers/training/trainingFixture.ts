// A tiny learnable image problem for tests of the training loop: 8×8
// grayscale images whose bright half (top, bottom, left, right) is the class.

import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { computeChannelStats, normalizationTable } from '../../common/imageBatch.js';
import { SeededRandom } from '../../common/random.js';
import type { Hyperparameters } from '../../common/runs.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { chunkRecipe } from './chunkComputer.js';
import { InlineExecutor } from './inlineExecutor.js';
import type { CoordinatorMessage, SharedImageSet, TrainJob } from './protocol.js';
import { runTraining } from './trainingLoop.js';

const SIDE = 8;

export function halvesImageSet(count: number, seed: number): SharedImageSet {
  const random = new SeededRandom(seed);
  const images = new Uint8Array(new SharedArrayBuffer(count * SIDE * SIDE));
  const labels = new Uint8Array(new SharedArrayBuffer(count));
  for (let n = 0; n < count; n++) {
    const label = n % 4;
    labels[n] = label;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const bright = [y < SIDE / 2, y >= SIDE / 2, x < SIDE / 2, x >= SIDE / 2][label];
        images[n * SIDE * SIDE + y * SIDE + x] = Math.min(255, (bright ? 150 : 60) + random.nextInt(90));
      }
    }
  }
  return { images, labels, count };
}

export const TINY_ARCHITECTURE: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'tiny',
  input: { channels: 1, height: SIDE, width: SIDE },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'dropout', rate: 0.1 },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

/**
 * The tiny problem with a second, 8→8 3×3 convolution: the fast backend runs
 * that one (forward and both gradients) through Winograd (winogradLayout.ts).
 */
export const TINY_WINOGRAD_ARCHITECTURE: ArchitectureSpec = {
  ...TINY_ARCHITECTURE,
  name: 'tiny-winograd',
  layers: [
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

/**
 * The tiny problem through every layer type newer than the report: batch norm
 * on a map and on dense features, leaky ReLU, average and global average pooling.
 */
export const TINY_MODERN_ARCHITECTURE: ArchitectureSpec = {
  ...TINY_ARCHITECTURE,
  name: 'tiny-modern',
  layers: [
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'batchNorm' },
    { type: 'leakyRelu', slope: 0.1 },
    { type: 'avgPool2d', size: 2 },
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'batchNorm', momentum: 0.2 },
    { type: 'relu' },
    { type: 'globalAvgPool' },
    { type: 'dense', units: 6 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

/** The tiny problem behind airbench's stem: patch whitening (4 filters of 2×2 patches ±) computed from the training images. */
export const TINY_WHITENED_ARCHITECTURE: ArchitectureSpec = {
  ...TINY_ARCHITECTURE,
  name: 'tiny-whitened',
  layers: [
    { type: 'patchWhitening' },
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 1 },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

export function tinyJob(overrides: Partial<Hyperparameters> = {}, architecture: ArchitectureSpec = TINY_ARCHITECTURE): TrainJob {
  const train = halvesImageSet(120, 1);
  const test = halvesImageSet(40, 2);
  const trainIndices = new Uint32Array(100).map((_, i) => i);
  const valIndices = new Uint32Array(20).map((_, i) => 100 + i);
  return {
    architecture,
    hyperparameters: {
      epochs: 3,
      batchSize: 20,
      learningRate: 0.1,
      optimizer: 'sgdMomentum',
      momentum: 0.9,
      weightDecay: 0.0005,
      schedule: { kind: 'cosine', minLr: 0.01 },
      seed: 7,
      valSplit: 0.2,
      trainLimit: null,
      testLimit: null,
      workers: 1,
      ...overrides,
    },
    classNames: ['top', 'bottom', 'left', 'right'],
    imageShape: { channels: 1, height: SIDE, width: SIDE },
    train,
    test,
    trainIndices,
    valIndices,
    normalization: computeChannelStats(train, 1, trainIndices),
    control: new Int32Array(new SharedArrayBuffer(4)),
    progressPerSecond: 1000,
  };
}

/** A one-thread executor for `job` with the float32 reference kernels. */
export function inlineExecutorFor(job: TrainJob): InlineExecutor {
  return new InlineExecutor({
    architecture: job.architecture,
    backend: createReferenceBackend('float32'),
    numClasses: job.classNames.length,
    seed: job.hyperparameters.seed,
    normalization: normalizationTable(job.normalization),
    recipe: chunkRecipe(job.hyperparameters),
  });
}

/** Trains `job` on one thread with the float32 reference kernels; every message the loop posts, in order. */
export function trainInline(job: TrainJob): CoordinatorMessage[] {
  const messages: CoordinatorMessage[] = [];
  runTraining(job, inlineExecutorFor(job), (message) => messages.push(message));
  return messages;
}
