// Small generated runs for the store's tests: 12 test images of 3 classes,
// 2×2 single-channel pixels, a handful of weights.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from '../../common/arch/spec.js';
import type { EpochMetrics, PerClassMetrics } from '../../common/runs.js';
import { openDatabase } from './openDatabase.js';
import type { Checkpoint, CompletedRunResults, NewRun, StoredMisclassifiedSample } from './runStore.js';
import { SqliteRunStore } from './sqliteRunStore.js';

export const CLASS_NAMES = ['zero', 'one', 'two'];
export const TEST_COUNT = 12;

/** True label of test image i. */
export function trueLabelOf(testIndex: number): number {
  return testIndex % CLASS_NAMES.length;
}

/** A clock that advances one second per reading, so creation order is unambiguous. */
export function steppingClock(start = Date.UTC(2025, 0, 1)): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

export function openTestStore(path = ':memory:'): { store: SqliteRunStore; db: Database.Database } {
  const now = steppingClock();
  const db = openDatabase(path, { now });
  return { store: new SqliteRunStore(db, { now }), db };
}

export function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'cnn-workbench-store-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'mnist baseline',
    architecture: {
      format: ARCHITECTURE_FORMAT,
      version: ARCHITECTURE_VERSION,
      name: 'tiny-net',
      input: { channels: 1, height: 2, width: 2 },
      layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }],
    },
    hyperparameters: {
      epochs: 3,
      batchSize: 4,
      learningRate: 0.1,
      optimizer: 'sgdMomentum',
      momentum: 0.9,
      weightDecay: 0.0005,
      schedule: { kind: 'constant' },
      seed: 7,
      valSplit: 0.25,
      trainLimit: null,
      testLimit: TEST_COUNT,
      workers: 1,
    },
    dataset: { id: 'mnist', name: 'MNIST', classNames: CLASS_NAMES, trainCount: 30, valCount: 10, testCount: TEST_COUNT },
    paramCount: 15,
    ...overrides,
  };
}

export function epochMetrics(epoch: number): EpochMetrics {
  return {
    epoch,
    trainLoss: 1 / epoch,
    trainAccuracy: 0.5 + epoch / 10,
    valLoss: 1.5 / epoch,
    valAccuracy: 0.4 + epoch / 10,
    learningRate: 0.1,
    durationMs: 1000 * epoch,
    imagesPerSecond: 300,
  };
}

/** Weights filled with the epoch number, so a test can tell checkpoints apart. */
export function checkpointAt(epoch: number): Checkpoint {
  return { epoch, weights: new Float32Array(15).fill(epoch + 0.25), optimizerState: new Float32Array(15).fill(-epoch) };
}

/** One misclassification: [testIndex, predictedLabel, confidence]. */
export type Mistake = [number, number, number];

function perClassFrom(counts: number[][]): PerClassMetrics[] {
  return CLASS_NAMES.map((label, classIndex) => {
    const support = counts[classIndex].reduce((sum, count) => sum + count, 0);
    const predicted = counts.reduce((sum, row) => sum + row[classIndex], 0);
    const correct = counts[classIndex][classIndex];
    const precision = predicted === 0 ? 0 : correct / predicted;
    const recall = support === 0 ? 0 : correct / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { classIndex, label, precision, recall, f1, support };
  });
}

/** Results where exactly the given test images are wrong; pixel bytes start with the test index. */
export function resultsWith(mistakes: Mistake[]): CompletedRunResults {
  const predictions = Uint8Array.from({ length: TEST_COUNT }, (_, index) => trueLabelOf(index));
  const misclassified: StoredMisclassifiedSample[] = mistakes.map(([testIndex, predictedLabel, confidence]) => {
    predictions[testIndex] = predictedLabel;
    const probabilities = CLASS_NAMES.map((_, label) => (label === predictedLabel ? confidence : (1 - confidence) / 2));
    return {
      testIndex,
      trueLabel: trueLabelOf(testIndex),
      predictedLabel,
      confidence,
      probabilities,
      pixels: { channels: 1, height: 2, width: 2, data: Uint8Array.of(testIndex, 1, 2, 255) },
    };
  });
  const counts = CLASS_NAMES.map(() => CLASS_NAMES.map(() => 0));
  predictions.forEach((predicted, index) => counts[trueLabelOf(index)][predicted]++);
  return {
    testLoss: 0.4,
    testAccuracy: (TEST_COUNT - mistakes.length) / TEST_COUNT,
    confusion: { classNames: CLASS_NAMES, counts },
    perClass: perClassFrom(counts),
    firstLayerFilters: { count: 3, channels: 1, height: 2, width: 2, values: Array.from({ length: 12 }, (_, i) => i / 8) },
    misclassified,
    predictions,
    finalWeights: Float32Array.from({ length: 15 }, (_, i) => i * 0.5),
  };
}

/** A run with two committed epochs, then completed with the given mistakes. */
export function completedRun(store: SqliteRunStore, mistakes: Mistake[], overrides: Partial<NewRun> = {}): number {
  const runId = store.createRun(newRun(overrides));
  for (let epoch = 1; epoch <= 2; epoch++) store.commitEpoch(runId, epochMetrics(epoch), checkpointAt(epoch));
  store.completeRun(runId, resultsWith(mistakes));
  return runId;
}
