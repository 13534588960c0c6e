// Checks on what the trainer hands the store. A bad value here is a bug or a
// diverged run (a NaN loss), and refusing it keeps the database readable:
// SQLite would turn NaN into NULL and a later read would fail far from the cause.

import type { EpochMetrics } from '../../common/runs.js';
import type { Checkpoint, CompletedRunResults, ExternalRunRecord, NewRun, StoredMisclassifiedSample } from './runStore.js';
import { validRunName } from './runValidation.js';
import { RunFieldError } from './storeErrors.js';
import { describeValue } from '../../common/describeValue.js';

function finite(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RunFieldError(field, `must be a finite number, got ${describeValue(value)}`);
  }
}

function finiteOrNull(value: unknown, field: string): void {
  if (value !== null) finite(value, field);
}

function wholeAtLeast(value: unknown, min: number, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RunFieldError(field, `must be a whole number of at least ${min}, got ${describeValue(value)}`);
  }
}

/** Returns the run's name trimmed. */
export function checkNewRun(run: NewRun): string {
  const name = validRunName(run.name);
  wholeAtLeast(run.paramCount, 0, 'paramCount');
  wholeAtLeast(run.hyperparameters.epochs, 1, 'hyperparameters.epochs');
  if (!Number.isSafeInteger(run.hyperparameters.seed)) throw new RunFieldError('hyperparameters.seed', 'must be a whole number');
  if (typeof run.dataset.id !== 'string' || run.dataset.id === '') throw new RunFieldError('dataset.id', 'must not be empty');
  if (typeof run.architecture.name !== 'string') throw new RunFieldError('architecture.name', 'must be text');
  return name;
}

function checkEpochMetrics(metrics: EpochMetrics, field: string): void {
  wholeAtLeast(metrics.epoch, 1, `${field}.epoch`);
  for (const key of ['trainLoss', 'trainAccuracy', 'learningRate', 'durationMs', 'imagesPerSecond'] as const) {
    finite(metrics[key], `${field}.${key}`);
  }
  finiteOrNull(metrics.valLoss, `${field}.valLoss`);
  finiteOrNull(metrics.valAccuracy, `${field}.valAccuracy`);
}

/** Returns the run's name trimmed. Epochs count up by one from 1, or from where the other engine resumed training. */
export function checkExternalRun(run: ExternalRunRecord): string {
  const name = validRunName(run.name);
  wholeAtLeast(run.paramCount, 0, 'paramCount');
  if (typeof run.dataset.id !== 'string' || run.dataset.id === '') throw new RunFieldError('dataset.id', 'must not be empty');
  if (typeof run.origin?.kind !== 'string' || typeof run.origin.sourceFile !== 'string') {
    throw new RunFieldError('origin', 'must say what kind of file the run came from and which');
  }
  run.epochs.forEach((metrics, index) => {
    checkEpochMetrics(metrics, `epochs[${index}]`);
    const expected = run.epochs[0].epoch + index;
    if (metrics.epoch !== expected) throw new RunFieldError(`epochs[${index}].epoch`, `must be ${expected}, got ${metrics.epoch}`);
  });
  if (run.epochs.length === 0 && !run.results) throw new RunFieldError('epochs', 'an imported run needs at least one epoch or its test results');
  return name;
}

export function checkEpoch(metrics: EpochMetrics, checkpoint: Checkpoint): void {
  checkEpochMetrics(metrics, 'metrics');
  if (checkpoint.epoch !== metrics.epoch) {
    throw new RunFieldError('checkpoint.epoch', `is ${checkpoint.epoch} but the metrics are for epoch ${metrics.epoch}`);
  }
  if (!(checkpoint.weights instanceof Float32Array)) throw new RunFieldError('checkpoint.weights', 'must be a Float32Array');
  if (!(checkpoint.optimizerState instanceof Float32Array)) {
    throw new RunFieldError('checkpoint.optimizerState', 'must be a Float32Array');
  }
}

function checkSample(sample: StoredMisclassifiedSample, field: string, results: CompletedRunResults, classCount: number): void {
  const { testIndex, trueLabel, predictedLabel, probabilities, pixels } = sample;
  if (!Number.isSafeInteger(testIndex) || testIndex < 0 || testIndex >= results.predictions.length) {
    throw new RunFieldError(`${field}.testIndex`, `${testIndex} is outside the ${results.predictions.length} test images`);
  }
  if (predictedLabel !== results.predictions[testIndex]) {
    throw new RunFieldError(`${field}.predictedLabel`, `${predictedLabel} disagrees with predictions[${testIndex}]`);
  }
  if (trueLabel === predictedLabel || !Number.isInteger(trueLabel) || trueLabel < 0 || trueLabel >= classCount) {
    throw new RunFieldError(`${field}.trueLabel`, `${trueLabel} is not a class other than the predicted one`);
  }
  if (probabilities.length !== classCount) {
    throw new RunFieldError(`${field}.probabilities`, `has ${probabilities.length} entries for ${classCount} classes`);
  }
  probabilities.forEach((probability, index) => finite(probability, `${field}.probabilities[${index}]`));
  finite(sample.confidence, `${field}.confidence`);
  if (pixels.data.length !== pixels.channels * pixels.height * pixels.width) {
    throw new RunFieldError(
      `${field}.pixels`,
      `holds ${pixels.data.length} bytes, not ${pixels.channels}×${pixels.height}×${pixels.width}`,
    );
  }
}

export function checkResults(results: CompletedRunResults): void {
  finite(results.testLoss, 'results.testLoss');
  finite(results.testAccuracy, 'results.testAccuracy');
  const { classNames, counts } = results.confusion;
  const classCount = classNames.length;
  if (counts.length !== classCount || counts.some((row) => row.length !== classCount)) {
    throw new RunFieldError('results.confusion', `must be ${classCount}×${classCount}, one row and column per class`);
  }
  const tested = counts.flat().reduce((sum, count) => sum + count, 0);
  if (!(results.predictions instanceof Uint8Array) || results.predictions.length !== tested) {
    throw new RunFieldError('results.predictions', `must hold one label per test image (${tested} in the confusion matrix)`);
  }
  if (!(results.finalWeights instanceof Float32Array)) throw new RunFieldError('results.finalWeights', 'must be a Float32Array');
  const filters = results.firstLayerFilters;
  if (filters && filters.values.length !== filters.count * filters.channels * filters.height * filters.width) {
    throw new RunFieldError('results.firstLayerFilters', 'values do not match count × channels × height × width');
  }
  results.misclassified.forEach((sample, index) =>
    checkSample(sample, `results.misclassified[${index}]`, results, classCount),
  );
}
