// Rows as SQLite returns them, and their translation into the shared run
// model. JSON columns are parsed here and nowhere else.

import type {
  EpochMetrics,
  FilterBank,
  MisclassifiedSample,
  RunResults,
  RunStatus,
  RunSummary,
} from '../../common/runs.js';
import type { ExternalOrigin } from '../../common/externalRuns.js';
import { float32FromBlob } from './blobs.js';

export interface SummaryRow {
  id: number;
  name: string;
  status: RunStatus;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  dataset_json: string;
  architecture_name: string;
  param_count: number;
  epochs_planned: number;
  tags_json: string;
  epochs_completed: number;
  best_val_accuracy: number | null;
  /** The epochs' times plus any epoch a stop cut short. */
  duration_ms: number;
  test_accuracy: number | null;
  external_json: string | null;
  owner_pid: number | null;
  owner_start: string | null;
  heartbeat_at: number | null;
}

export function toSummary(row: SummaryRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    tags: JSON.parse(row.tags_json) as string[],
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    dataset: JSON.parse(row.dataset_json),
    architectureName: row.architecture_name,
    paramCount: row.param_count,
    epochsPlanned: row.epochs_planned,
    epochsCompleted: row.epochs_completed,
    bestValAccuracy: row.best_val_accuracy,
    testAccuracy: row.test_accuracy,
    // Time spent training (the epochs' times and any epoch a stop cut short): pauses do not count.
    durationMs: row.duration_ms,
    error: row.error,
    external: row.external_json === null ? null : (JSON.parse(row.external_json) as ExternalOrigin),
  };
}

export interface EpochRow {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number | null;
  val_accuracy: number | null;
  learning_rate: number;
  duration_ms: number;
  images_per_second: number;
}

export function toEpochMetrics(row: EpochRow): EpochMetrics {
  return {
    epoch: row.epoch,
    trainLoss: row.train_loss,
    trainAccuracy: row.train_accuracy,
    valLoss: row.val_loss,
    valAccuracy: row.val_accuracy,
    learningRate: row.learning_rate,
    durationMs: row.duration_ms,
    imagesPerSecond: row.images_per_second,
  };
}

export interface ResultsRow {
  test_loss: number;
  test_accuracy: number;
  misclassified_count: number;
  confusion_json: string;
  per_class_json: string;
  filter_count: number | null;
  filter_channels: number | null;
  filter_height: number | null;
  filter_width: number | null;
  filter_values: Buffer | null;
}

function toFilterBank(row: ResultsRow): FilterBank | null {
  if (row.filter_values === null) return null;
  return {
    count: row.filter_count ?? 0,
    channels: row.filter_channels ?? 0,
    height: row.filter_height ?? 0,
    width: row.filter_width ?? 0,
    values: Array.from(float32FromBlob(row.filter_values)),
  };
}

export function toResults(row: ResultsRow): RunResults {
  return {
    testLoss: row.test_loss,
    testAccuracy: row.test_accuracy,
    confusion: JSON.parse(row.confusion_json),
    perClass: JSON.parse(row.per_class_json),
    firstLayerFilters: toFilterBank(row),
    misclassifiedCount: row.misclassified_count,
  };
}

export interface MisclassifiedRow {
  test_index: number;
  true_label: number;
  predicted_label: number;
  confidence: number;
  probabilities_json: string;
  channels: number;
  height: number;
  width: number;
  pixels: Buffer;
}

export function toMisclassifiedSample(row: MisclassifiedRow): MisclassifiedSample {
  return {
    testIndex: row.test_index,
    trueLabel: row.true_label,
    predictedLabel: row.predicted_label,
    confidence: row.confidence,
    probabilities: JSON.parse(row.probabilities_json) as number[],
    pixels: { channels: row.channels, height: row.height, width: row.width, base64: row.pixels.toString('base64') },
  };
}
