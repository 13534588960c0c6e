// The metrics file an exported train.py writes (see pytorch/python/train.py),
// one JSON object a line:
//   {"type": "run", "format": "cnn-workbench/pytorch-metrics", "version": 1, "name", "exportedFromRunId",
//    "engine", "architecture", "hyperparameters", "dataset"}                                  first, once
//   {"type": "step", "epoch", "step", "loss", "learningRate"}                                  with --log-steps
//   {"type": "epoch", "epoch", "trainLoss", "trainAccuracy", "valLoss", "valAccuracy",
//    "learningRate", "durationMs", "imagesPerSecond"}                                          one an epoch
//   {"type": "test", "testLoss", "testAccuracy", "confusion": {"classNames", "counts"},
//    "predictions", "misclassified": [{"testIndex", "trueLabel", "predictedLabel", "probabilities"}],
//    "weightsFile"}                                                                             last, once

import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import type { ConfusionMatrix, DatasetIdentity, EpochMetrics, Hyperparameters } from '../../../common/runs.js';
import { epochsFromRows, MetricsFileError } from './metricsTable.js';

export const PYTORCH_METRICS_FORMAT = 'cnn-workbench/pytorch-metrics';

export interface PytorchMetrics {
  name: string;
  exportedFromRunId: number | null;
  engine: string | null;
  architecture: ArchitectureSpec;
  hyperparameters: Hyperparameters;
  dataset: DatasetIdentity;
  epochs: EpochMetrics[];
  /** Null when the file ends before its test record (training interrupted). */
  test: {
    testLoss: number;
    testAccuracy: number;
    confusion: ConfusionMatrix;
    predictions: number[];
    misclassified: { testIndex: number; trueLabel: number; predictedLabel: number; probabilities: number[] }[];
    weightsFile: string | null;
  } | null;
}

export interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

export function jsonLines(text: string, file: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new MetricsFileError(`${file} line ${index + 1} is not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MetricsFileError(`${file} line ${index + 1} is not a JSON object`);
    lines.push({ line: index + 1, value: value as Record<string, unknown> });
  });
  return lines;
}

export function isPytorchMetrics(lines: JsonLine[]): boolean {
  const first = lines[0]?.value;
  return first?.type === 'run' && first.format === PYTORCH_METRICS_FORMAT;
}

function required<T>(record: JsonLine, field: string, check: (value: unknown) => boolean, what: string, file: string): T {
  const value = record.value[field];
  if (!check(value)) throw new MetricsFileError(`${file} line ${record.line}: ${field} must be ${what}`);
  return value as T;
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

export function readPytorchMetrics(lines: JsonLine[], file: string): PytorchMetrics {
  const [header] = lines;
  if (header.value.version !== 1) throw new MetricsFileError(`${file}: version ${String(header.value.version)} of ${PYTORCH_METRICS_FORMAT} is not known (this workbench reads version 1)`);
  const epochLines = lines.filter((l) => l.value.type === 'epoch');
  const testLines = lines.filter((l) => l.value.type === 'test');
  if (testLines.length > 1) throw new MetricsFileError(`${file} holds ${testLines.length} test records (line ${testLines[1].line}); one run a file`);
  if (epochLines.length === 0 && testLines.length === 0) throw new MetricsFileError(`${file} holds neither epochs nor test results`);
  const testLine = testLines[0];
  const exportedFrom = header.value.exportedFromRunId;
  return {
    name: required<string>(header, 'name', (v) => typeof v === 'string' && v.trim() !== '', 'text', file),
    exportedFromRunId: typeof exportedFrom === 'number' ? exportedFrom : null,
    engine: typeof header.value.engine === 'string' ? header.value.engine : null,
    architecture: required<ArchitectureSpec>(header, 'architecture', isObject, 'an architecture', file),
    hyperparameters: required<Hyperparameters>(header, 'hyperparameters', isObject, 'the recipe', file),
    dataset: required<DatasetIdentity>(header, 'dataset', isObject, 'the dataset', file),
    epochs: epochLines.length > 0 ? epochsFromRows(epochLines.map((l) => ({ line: l.line, values: l.value })), file) : [],
    test: testLine
      ? {
          testLoss: required<number>(testLine, 'testLoss', isNumber, 'a number', file),
          testAccuracy: required<number>(testLine, 'testAccuracy', isNumber, 'a number', file),
          confusion: required<ConfusionMatrix>(testLine, 'confusion', isObject, 'a confusion matrix', file),
          predictions: required<number[]>(testLine, 'predictions', Array.isArray, 'a list of predicted classes', file),
          misclassified: required<NonNullable<PytorchMetrics['test']>['misclassified']>(testLine, 'misclassified', Array.isArray, 'a list', file),
          weightsFile: typeof testLine.value.weightsFile === 'string' ? testLine.value.weightsFile : null,
        }
      : null,
  };
}
