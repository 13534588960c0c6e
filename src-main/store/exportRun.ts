// `runs export ID --format csv|json`.
//
// JSON: one object `{ format, version, run, misclassifiedCount }` where `run`
// is the full RunDetail (curves, hyperparameters, architecture, results) and
// `misclassifiedCount` the number of stored misclassified test images (0
// before the run completes). Pixels and weights are not exported.
//
// CSV (comma-separated, `\n` line ends, RFC 4180 quoting): two tables one
// after the other, each with its own header row, separated by one blank line.
//   1. per-epoch metrics:
//      epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,duration_ms,images_per_second
//   2. per-class test metrics (only the header row until the run completes):
//      class_index,label,precision,recall,f1,support
// Empty fields are missing values (no validation set). Accuracies, precision
// and recall are fractions in [0, 1], not percentages.

import type { RunDetail } from '../../common/runs.js';
import type { RunStore } from './runStore.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const RUN_EXPORT_FORMAT = 'cnn-workbench/run-export';
export const RUN_EXPORT_VERSION = 1;

const EPOCH_HEADER = [
  'epoch',
  'train_loss',
  'train_accuracy',
  'val_loss',
  'val_accuracy',
  'learning_rate',
  'duration_ms',
  'images_per_second',
];
const PER_CLASS_HEADER = ['class_index', 'label', 'precision', 'recall', 'f1', 'support'];

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

export function runToCsv(run: RunDetail): string {
  const epochLines = run.epochs.map((e) =>
    csvLine([e.epoch, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.learningRate, e.durationMs, e.imagesPerSecond]),
  );
  const perClassLines = (run.results?.perClass ?? []).map((c) =>
    csvLine([c.classIndex, c.label, c.precision, c.recall, c.f1, c.support]),
  );
  return [csvLine(EPOCH_HEADER), ...epochLines, '', csvLine(PER_CLASS_HEADER), ...perClassLines].join('\n') + '\n';
}

export function runToJson(run: RunDetail): string {
  const exported = {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    run,
    misclassifiedCount: run.results?.misclassifiedCount ?? 0,
  };
  return JSON.stringify(exported, null, 2) + '\n';
}

export function exportRun(store: RunStore, runId: number, format: ExportFormat): string {
  const run = store.getRun(runId);
  return format === 'csv' ? runToCsv(run) : runToJson(run);
}
