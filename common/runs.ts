// The data model of a training run, as stored, queried and shown. Plain JSON
// values only: these cross the IPC and WebSocket carriers unchanged.

import type { ArchitectureSpec } from './arch/spec.js';
import type { ExternalOrigin } from './externalRuns.js';

/**
 * stopped: someone stopped it (Ctrl+C, the Stop button). interrupted: the
 * process training it ended without finishing it (killed, crashed, the disk
 * filled up); it keeps its committed epochs and can continue from the last.
 * failed: training itself failed, with the error.
 */
export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'stopped' | 'interrupted';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'paused', 'completed', 'failed', 'stopped', 'interrupted'];

/**
 * sgdMomentum: the report's rule (see momentum below). sgd: no momentum.
 * adam: Adam with decoupled weight decay, i.e. AdamW (PyTorch's torch.optim.AdamW).
 * sgdPytorch: PyTorch's torch.optim.SGD with momentum, m ← μ·m + (g + λ·w), w ← w − lr·m.
 */
export type OptimizerKind = 'sgdMomentum' | 'sgd' | 'adam' | 'sgdPytorch';

export type LearningRateSchedule =
  | { kind: 'constant' }
  | { kind: 'step'; stepEpochs: number; gamma: number }
  | { kind: 'cosine'; minLr: number }
  /** Linear warm-up to lr over warmupEpochs (fractions allowed), then cosine down to minLr. */
  | { kind: 'warmupCosine'; warmupEpochs: number; minLr: number }
  /**
   * PyTorch's OneCycleLR (cosine annealing, two phases): from lr/startDivisor up
   * to lr over the first rampFraction of the steps, then down to
   * lr/(startDivisor·endDivisor). PyTorch calls these pct_start, div_factor
   * and final_div_factor.
   */
  | { kind: 'oneCycle'; rampFraction: number; startDivisor: number; endDivisor: number };

/** Per-image random changes to the training images, drawn from the run's seed. */
export interface AugmentationSettings {
  /** Random crop: pad every side with this many black pixels, then crop back to the input size at a random offset. 0: off. */
  cropPadding: number;
  /** Mirror left↔right with probability ½. Leave off for digits and text. */
  horizontalFlip: boolean;
  /** Cutout: a square of this side, at a random centre, set to the channel mean (0 after normalisation). 0: off. */
  cutoutSize: number;
  /**
   * With horizontalFlip, airbench's alternating flip: a fair coin per image
   * in the first epoch, then each epoch the opposite of the one before, so
   * every image is seen both ways in any two epochs in a row. Absent: false
   * (each step a fresh coin).
   */
  alternatingFlip?: boolean;
  /** What the crop's padding shows: black, or the image reflected at its border (PyTorch's padding_mode='reflect'). Absent: 'black'. */
  cropPaddingMode?: CropPaddingMode;
}

export const CROP_PADDING_MODES = ['black', 'reflect'] as const;
export type CropPaddingMode = (typeof CROP_PADDING_MODES)[number];

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
  // The training recipes below came later: runs stored before them lack the
  // fields, and an absent field means off (see common/training/recipe.ts).
  /** Nesterov's look-ahead for sgdMomentum and sgdPytorch. */
  nesterov?: boolean;
  /** ε: training targets become (1 − ε)·onehot + ε/classes. Evaluation losses stay plain cross-entropy. */
  labelSmoothing?: number;
  augmentation?: AugmentationSettings;
  /**
   * Decay d of an exponential moving average of the weights, e ← d·e + (1 − d)·w
   * after every step; when above 0, validation, test and the stored final
   * weights use the average. 0: off.
   */
  emaDecay?: number;
  /** Evaluation (validation and test) averages each image's probabilities with its mirror image's. */
  testTimeFlip?: boolean;
  /**
   * The final test also averages in the images moved by this many pixels
   * diagonally, both ways (airbench's translate test-time augmentation).
   * Validation stays as it is: it runs every epoch, and would cost three times
   * as much. 0: off.
   */
  testTimeShift?: number;
  // airbench's optimisation recipes (Keller Jordan, "94% on CIFAR-10 in 3.29
  // seconds"); absent: off, as above.
  /**
   * Partial identity ("dirac") initialisation: at a fresh start, every conv2d
   * with at least as many filters as input channels (odd kernels only) gets
   * its first `in` filters set to the identity, filter i zero except its
   * centre tap on channel i; the rest keep their seeded values.
   */
  identityInit?: boolean;
  /** Batch norm's scale γ stays at its initial 1: the optimizer never changes it. */
  freezeBatchNormScale?: boolean;
  /** Batch norm's shift β steps at this multiple of the learning rate (airbench's bias_scaler, 64). Absent: 1. */
  shiftLearningRateFactor?: number;
  /**
   * Lookahead: a slow copy of every weight (running statistics included);
   * every 5 steps slow ← slow + (1 − α_t)·(w − slow), w ← slow, with
   * α_t = 0.95⁵·(t/T)³ over the run's T steps; after the last step w ← slow.
   */
  lookahead?: boolean;
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

/** Training loss and accuracy over a stretch of steps inside an epoch: x is the fractional epoch at its end (0.5 is halfway through the first). */
export interface StepPoint {
  x: number;
  loss: number;
  accuracy: number;
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
  /** Set for a run trained elsewhere and imported (see externalRuns.ts); null for a run trained here. */
  external: ExternalOrigin | null;
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
  /** Null only for an external run whose file does not describe its network. */
  architecture: ArchitectureSpec | null;
  /** Null only for an external run whose file does not state its recipe. */
  hyperparameters: Hyperparameters | null;
  epochs: EpochMetrics[];
  /**
   * The training curve inside the epochs, a bounded number of points per
   * epoch; for a run training in this process, the unfinished epoch's points
   * too. Absent or empty for runs stored before steps were kept.
   */
  trainSteps?: StepPoint[];
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
