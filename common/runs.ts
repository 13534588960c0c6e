// The data model of a training run, as stored, queried and shown. Plain JSON
// values only: these cross the IPC and WebSocket carriers unchanged.

import type { ArchitectureSpec } from './arch/spec.js';

export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'stopped';

export type OptimizerKind = 'sgdMomentum' | 'sgd' | 'adam';

export type LearningRateSchedule =
  | { kind: 'constant' }
  | { kind: 'step'; stepEpochs: number; gamma: number }
  | { kind: 'cosine'; minLr: number };

export interface Hyperparameters {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerKind;
  /** μ in the report's m ← μ·m + (1−μ)·g (also Adam's β1). */
  momentum: number;
  /** λ in the report's w ← w − lr·(m + λ·w). */
  weightDecay: number;
  schedule: LearningRateSchedule;
  seed: number;
  /** Fraction of the training set held out for validation, in [0, 0.5]. */
  valSplit: number;
  /** Use only the first N training / test images (null: all). */
  trainLimit: number | null;
  testLimit: number | null;
  /** Worker threads for data-parallel training; results are identical for any value. */
  workers: number;
}

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  learningRate: number;
  durationMs: number;
  imagesPerSecond: number;
}

export interface PerClassMetrics {
  classIndex: number;
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Test images whose true class is this one. */
  support: number;
}

/** counts[trueClass][predictedClass]. */
export interface ConfusionMatrix {
  classNames: string[];
  counts: number[][];
}

export interface ImagePixels {
  channels: number;
  height: number;
  width: number;
  /** uint8 CHW planar, base64-encoded (compact over JSON carriers). */
  base64: string;
}

export interface MisclassifiedSample {
  /** Index of the image in the (possibly limited) test set. */
  testIndex: number;
  trueLabel: number;
  predictedLabel: number;
  /** Probability of the predicted class. */
  confidence: number;
  probabilities: number[];
  pixels: ImagePixels;
}

/** First-layer filters: count × channels × height × width, row-major. */
export interface FilterBank {
  count: number;
  channels: number;
  height: number;
  width: number;
  values: number[];
}

export interface DatasetIdentity {
  id: string;
  name: string;
  classNames: string[];
  trainCount: number;
  valCount: number;
  testCount: number;
}

export interface RunSummary {
  id: number;
  name: string;
  status: RunStatus;
  tags: string[];
  createdAt: string;
  finishedAt: string | null;
  dataset: DatasetIdentity;
  architectureName: string;
  paramCount: number;
  epochsPlanned: number;
  epochsCompleted: number;
  bestValAccuracy: number | null;
  testAccuracy: number | null;
  durationMs: number;
  error: string | null;
}

export interface RunResults {
  testLoss: number;
  testAccuracy: number;
  confusion: ConfusionMatrix;
  perClass: PerClassMetrics[];
  firstLayerFilters: FilterBank | null;
  /** Total misclassified test images (all are stored; query them page by page). */
  misclassifiedCount: number;
}

export interface RunDetail extends RunSummary {
  architecture: ArchitectureSpec;
  hyperparameters: Hyperparameters;
  epochs: EpochMetrics[];
  results: RunResults | null;
}

export interface MisclassifiedQuery {
  trueLabel?: number;
  predictedLabel?: number;
  sort?: 'confidence-desc' | 'confidence-asc' | 'index';
  offset?: number;
  limit?: number;
}

export interface MisclassifiedPage {
  total: number;
  samples: MisclassifiedSample[];
}
