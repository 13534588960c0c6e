// Hyperparameters as labelled rows, for the run view's list and the compare
// view's diff (where rows whose values differ between runs are highlighted).

import type { Hyperparameters, LearningRateSchedule } from '../runs.js';

const OPTIMIZER_NAMES: Record<Hyperparameters['optimizer'], string> = {
  sgdMomentum: 'SGD with momentum',
  sgd: 'SGD',
  adam: 'Adam',
};

export function formatSchedule(schedule: LearningRateSchedule): string {
  switch (schedule.kind) {
    case 'constant':
      return 'constant';
    case 'step':
      return `step: ×${schedule.gamma} every ${schedule.stepEpochs} epochs`;
    case 'cosine':
      return `cosine down to ${schedule.minLr}`;
  }
}

const ROWS: { key: keyof Hyperparameters; label: string; format: (h: Hyperparameters) => string }[] = [
  { key: 'epochs', label: 'Epochs', format: (h) => String(h.epochs) },
  { key: 'batchSize', label: 'Batch size', format: (h) => String(h.batchSize) },
  { key: 'learningRate', label: 'Learning rate', format: (h) => String(h.learningRate) },
  { key: 'schedule', label: 'Schedule', format: (h) => formatSchedule(h.schedule) },
  { key: 'optimizer', label: 'Optimizer', format: (h) => OPTIMIZER_NAMES[h.optimizer] },
  { key: 'momentum', label: 'Momentum μ', format: (h) => String(h.momentum) },
  { key: 'weightDecay', label: 'Weight decay λ', format: (h) => String(h.weightDecay) },
  { key: 'seed', label: 'Seed', format: (h) => String(h.seed) },
  { key: 'valSplit', label: 'Validation split', format: (h) => `${+(h.valSplit * 100).toFixed(2)}%` },
  { key: 'trainLimit', label: 'Training images', format: (h) => (h.trainLimit === null ? 'all' : `first ${h.trainLimit}`) },
  { key: 'testLimit', label: 'Test images', format: (h) => (h.testLimit === null ? 'all' : `first ${h.testLimit}`) },
  { key: 'workers', label: 'Workers', format: (h) => String(h.workers) },
];

export interface HyperparameterRow {
  key: keyof Hyperparameters;
  label: string;
  /** One formatted value per run, in the order given. */
  values: string[];
  differs: boolean;
}

/** Worker count is excluded from "differs": results are identical for any value. */
export function hyperparameterRows(runs: readonly Hyperparameters[]): HyperparameterRow[] {
  return ROWS.map(({ key, label, format }) => {
    const values = runs.map(format);
    return { key, label, values, differs: key !== 'workers' && new Set(values).size > 1 };
  });
}
