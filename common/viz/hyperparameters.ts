// Hyperparameters as labelled rows, for the run view's list and the compare
// view's diff (where rows whose values differ between runs are highlighted).

import type { AugmentationSettings, Hyperparameters, LearningRateSchedule } from '../runs.js';
import { augments, recipeOf } from '../training/recipe.js';

export const OPTIMIZER_NAMES: Record<Hyperparameters['optimizer'], string> = {
  sgdMomentum: 'SGD with momentum',
  sgd: 'SGD',
  adam: 'Adam (decoupled weight decay: AdamW)',
  sgdPytorch: 'SGD, PyTorch-style momentum',
};

export function formatSchedule(schedule: LearningRateSchedule): string {
  switch (schedule.kind) {
    case 'constant':
      return 'constant';
    case 'step':
      return `step: ×${schedule.gamma} every ${schedule.stepEpochs} epochs`;
    case 'cosine':
      return `cosine down to ${schedule.minLr}`;
    case 'warmupCosine':
      return `warm-up over ${schedule.warmupEpochs} epochs, then cosine down to ${schedule.minLr}`;
    case 'oneCycle':
      return `one-cycle: up from lr÷${schedule.startDivisor} over ${+(schedule.rampFraction * 100).toFixed(2)}% of the steps, down to lr÷${schedule.startDivisor * schedule.endDivisor}`;
  }
}

export function formatAugmentation(augmentation: AugmentationSettings): string {
  if (!augments(augmentation)) return 'none';
  const parts: string[] = [];
  if (augmentation.cropPadding > 0) parts.push(`random crop (pad ${augmentation.cropPadding}${augmentation.cropPaddingMode === 'reflect' ? ', reflected' : ''})`);
  if (augmentation.horizontalFlip) parts.push(augmentation.alternatingFlip ? 'horizontal flip (alternating epochs)' : 'horizontal flip');
  if (augmentation.cutoutSize > 0) parts.push(`cutout ${augmentation.cutoutSize}×${augmentation.cutoutSize}`);
  return parts.join(', ');
}

/** What the weight average is used for, in the words the run page and the Train view share. */
export function formatWeightAverage(emaDecay: number): string {
  return emaDecay > 0 ? `decay ${emaDecay}: validation, test and the stored final weights use the average` : 'off';
}

export function formatTestTimeShift(pixels: number): string {
  return pixels > 0 ? `${pixels} px: the test also averages the images moved ${pixels} px diagonally, both ways` : 'off';
}

export function formatShiftLearningRateFactor(factor: number): string {
  return factor === 1 ? 'the learning rate' : `${factor}× the learning rate`;
}

export function formatLookahead(on: boolean): string {
  return on ? 'on: every 5 steps the weights move to a slow average of themselves, and end on it' : 'off';
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

const ROWS: { key: keyof Hyperparameters; label: string; format: (h: Hyperparameters) => string }[] = [
  { key: 'epochs', label: 'Epochs', format: (h) => String(h.epochs) },
  { key: 'batchSize', label: 'Batch size', format: (h) => String(h.batchSize) },
  { key: 'learningRate', label: 'Learning rate', format: (h) => String(h.learningRate) },
  { key: 'schedule', label: 'Schedule', format: (h) => formatSchedule(h.schedule) },
  { key: 'optimizer', label: 'Optimizer', format: (h) => OPTIMIZER_NAMES[h.optimizer] },
  { key: 'momentum', label: 'Momentum μ', format: (h) => String(h.momentum) },
  { key: 'nesterov', label: 'Nesterov', format: (h) => onOff(recipeOf(h).nesterov) },
  { key: 'weightDecay', label: 'Weight decay λ', format: (h) => String(h.weightDecay) },
  { key: 'labelSmoothing', label: 'Label smoothing ε', format: (h) => (recipeOf(h).labelSmoothing > 0 ? String(h.labelSmoothing) : 'off') },
  { key: 'augmentation', label: 'Augmentation', format: (h) => formatAugmentation(recipeOf(h).augmentation) },
  { key: 'emaDecay', label: 'Weight average (EMA)', format: (h) => formatWeightAverage(recipeOf(h).emaDecay) },
  { key: 'testTimeFlip', label: 'Test-time flip', format: (h) => (recipeOf(h).testTimeFlip ? 'on: validation and test average each image with its mirror' : 'off') },
  { key: 'testTimeShift', label: 'Test-time shift', format: (h) => formatTestTimeShift(recipeOf(h).testTimeShift) },
  { key: 'identityInit', label: 'Identity initialisation', format: (h) => (recipeOf(h).identityInit ? 'on: convolutions start with their first filters passing the input through' : 'off') },
  { key: 'freezeBatchNormScale', label: 'Batch norm scale', format: (h) => (recipeOf(h).freezeBatchNormScale ? 'frozen at 1' : 'trained') },
  { key: 'shiftLearningRateFactor', label: 'Batch norm shift learning rate', format: (h) => formatShiftLearningRateFactor(recipeOf(h).shiftLearningRateFactor) },
  { key: 'lookahead', label: 'Lookahead', format: (h) => formatLookahead(recipeOf(h).lookahead) },
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
