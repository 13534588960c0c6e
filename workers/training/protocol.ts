// Messages between the main process (src-main/runs/) and the training
// coordinator worker. Control (pause/resume/stop) does not travel as messages:
// the coordinator's loop is synchronous, so it reads a shared Int32 flag
// between batches instead (see RunControl).

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { RunPhase } from '../../common/api/contract.js';
import type { EpochMetrics, FilterBank, Hyperparameters, StepPoint } from '../../common/runs.js';

/** uint8 images (N×C×H×W) and labels, usually on SharedArrayBuffers so no copy crosses the thread boundary. */
export interface SharedImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface TrainJob {
  architecture: ArchitectureSpec;
  hyperparameters: Hyperparameters;
  classNames: string[];
  imageShape: { channels: number; height: number; width: number };
  train: SharedImageSet;
  test: SharedImageSet;
  /** Indices into `train` for training and for validation (a seeded split made by the main process). */
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
  /** Per-channel statistics of the training split, applied to each batch as it is built. */
  normalization: { mean: number[]; std: number[] };
  /** Int32Array(1) on a SharedArrayBuffer: see RunControl. */
  control: Int32Array;
  /** Continue from a stored checkpoint (weights and optimizer state after `epoch`). */
  resumeFrom?: { epoch: number; weights: Float32Array; optimizerState: Float32Array };
  /** Send at most this many progress messages per second (the UI needs ~10). */
  progressPerSecond: number;
}

/**
 * What the main process posts to start a run: a TrainJob without the
 * normalisation statistics, which read every training image and so are
 * computed by the coordinator thread (trainWorker.ts), not the main process.
 */
export type TrainRequest = Omit<TrainJob, 'normalization'>;

export const RunControl = { run: 0, pause: 1, stop: 2 } as const;

export interface ProgressMessage {
  type: 'progress';
  phase: RunPhase;
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
  /** Training curve points completed since the last message (stepCurve.ts). */
  steps: StepPoint[];
}

export interface EpochMessage {
  type: 'epoch';
  metrics: EpochMetrics;
  weights: Float32Array;
  optimizerState: Float32Array;
}

export interface MisclassifiedRecord {
  testIndex: number;
  trueLabel: number;
  predictedLabel: number;
  probabilities: number[];
}

/** Training finished every epoch and the test set was evaluated. */
export interface DoneMessage {
  type: 'done';
  testLoss: number;
  testAccuracy: number;
  /** Predicted label for every test image. */
  predictions: Uint8Array;
  misclassified: MisclassifiedRecord[];
  firstLayerFilters: FilterBank | null;
  finalWeights: Float32Array;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

/** Acknowledges a control change: the loop has actually paused, resumed or stopped. */
export interface ControlMessage {
  type: 'paused' | 'resumed' | 'stopped';
}

/**
 * The run's job is over and its memory let go: the thread now waits for the
 * next run's TrainRequest. The coordinator thread lives across runs, because
 * a thread started and ended per run leaves glibc's malloc arenas holding
 * memory run after run (issue 13: +11% RSS over 100 short runs).
 */
export interface ReleasedMessage {
  type: 'released';
}

export type CoordinatorMessage = ProgressMessage | EpochMessage | DoneMessage | ErrorMessage | ControlMessage | ReleasedMessage;
