// Runs made up in bulk for the store's scale benchmark and its check: each
// one is the report's MNIST network with plausible curves, a checkpoint per
// epoch as training leaves it, and test results on 10,000 images with its
// misclassified samples (28×28 pixels each), written through the store's own
// methods so the rows are exactly what training writes.

import { analyzeArchitecture } from '../../../common/arch/analyze.js';
import { findPreset } from '../../../common/arch/presets.js';
import type { Hyperparameters, PerClassMetrics } from '../../../common/runs.js';
import type { CompletedRunResults, StoredMisclassifiedSample } from '../runStore.js';
import type { SqliteRunStore } from '../sqliteRunStore.js';

export interface SyntheticShape {
  runs: number;
  epochsPerRun: number;
  misclassifiedPerRun: number;
  testImages: number;
}

export const SCALE_SHAPE: SyntheticShape = { runs: 1000, epochsPerRun: 50, misclassifiedPerRun: 150, testImages: 10_000 };

const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const ARCHITECTURES = ['baseline', 'wide', 'deep', 'tiny', 'dropout'];

function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function results(random: () => number, shape: SyntheticShape, paramCount: number): CompletedRunResults {
  const predictions = new Uint8Array(shape.testImages);
  for (let i = 0; i < shape.testImages; i++) predictions[i] = i % 10;
  const misclassified: StoredMisclassifiedSample[] = [];
  const step = Math.floor(shape.testImages / shape.misclassifiedPerRun);
  for (let k = 0; k < shape.misclassifiedPerRun; k++) {
    const testIndex = k * step + Math.floor(random() * step);
    const trueLabel = testIndex % 10;
    const predictedLabel = (trueLabel + 1 + Math.floor(random() * 9)) % 10;
    predictions[testIndex] = predictedLabel;
    const confidence = 0.3 + 0.7 * random();
    const probabilities = CLASS_NAMES.map((_, label) => (label === predictedLabel ? confidence : (1 - confidence) / 9));
    const pixels = new Uint8Array(28 * 28);
    for (let p = 0; p < pixels.length; p++) pixels[p] = random() < 0.2 ? Math.floor(random() * 256) : 0;
    misclassified.push({ testIndex, trueLabel, predictedLabel, confidence, probabilities, pixels: { channels: 1, height: 28, width: 28, data: pixels } });
  }
  const counts = CLASS_NAMES.map(() => CLASS_NAMES.map(() => 0));
  predictions.forEach((predicted, index) => counts[index % 10][predicted]++);
  const perClass: PerClassMetrics[] = CLASS_NAMES.map((label, classIndex) => {
    const support = counts[classIndex].reduce((a, b) => a + b, 0);
    const predicted = counts.reduce((sum, row) => sum + row[classIndex], 0);
    const correct = counts[classIndex][classIndex];
    const precision = predicted ? correct / predicted : 0;
    const recall = support ? correct / support : 0;
    return { classIndex, label, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
  return {
    testLoss: 0.05 + random() * 0.1,
    testAccuracy: 1 - shape.misclassifiedPerRun / shape.testImages,
    confusion: { classNames: CLASS_NAMES, counts },
    perClass,
    firstLayerFilters: { count: 16, channels: 1, height: 5, width: 5, values: Array.from({ length: 400 }, () => random() - 0.5) },
    misclassified,
    predictions,
    finalWeights: Float32Array.from({ length: paramCount }, () => random() - 0.5),
  };
}

/**
 * Adds `shape.runs` completed runs, `batch` runs per transaction (one fsync
 * per batch instead of one per epoch, or generation would take an hour).
 */
export function addSyntheticRuns(store: SqliteRunStore, transaction: (work: () => void) => void, shape: SyntheticShape, batch = 25): number[] {
  const preset = findPreset('mnist-baseline');
  if (!preset) throw new Error('the mnist-baseline preset is missing');
  // Weights as long as the network's, so everything derived from them (first-layer filters per epoch) is real size.
  const paramCount = analyzeArchitecture(preset.architecture).totalParams;
  const ids: number[] = [];
  const random = pseudoRandom(12345);
  for (let first = 0; first < shape.runs; first += batch) {
    transaction(() => {
      for (let n = first; n < Math.min(shape.runs, first + batch); n++) {
        const hyperparameters: Hyperparameters = { ...preset.recipe, epochs: shape.epochsPerRun, seed: n } as Hyperparameters;
        const runId = store.createRun({
          name: `${ARCHITECTURES[n % ARCHITECTURES.length]} run ${n}`,
          architecture: { ...preset.architecture, name: `mnist-${ARCHITECTURES[n % ARCHITECTURES.length]}` },
          hyperparameters,
          dataset: { id: 'mnist', name: 'MNIST', classNames: CLASS_NAMES, trainCount: 54_000, valCount: 6_000, testCount: shape.testImages },
          paramCount,
        });
        for (let epoch = 1; epoch <= shape.epochsPerRun; epoch++) {
          const progress = epoch / shape.epochsPerRun;
          store.commitEpoch(
            runId,
            {
              epoch,
              trainLoss: 2 * Math.exp(-4 * progress) + 0.02 * random(),
              trainAccuracy: 0.98 - 0.8 * Math.exp(-5 * progress),
              valLoss: 2 * Math.exp(-3.5 * progress) + 0.05,
              valAccuracy: 0.97 - 0.8 * Math.exp(-5 * progress),
              learningRate: 0.05 * (1 - progress) + 0.001,
              durationMs: 9000 + 1000 * random(),
              imagesPerSecond: 6000 + 500 * random(),
            },
            { epoch, weights: new Float32Array(paramCount).fill(progress), optimizerState: new Float32Array(paramCount).fill(-progress) },
          );
        }
        store.completeRun(runId, results(random, shape, paramCount));
        if (n % 7 === 0) store.setTags(runId, ['sweep', `lr-${n % 5}`]);
        ids.push(runId);
      }
    });
  }
  return ids;
}
