// The training recipes added after the first runs were stored (Nesterov,
// label smoothing, augmentation, weight averaging, test-time flip and shift,
// airbench's identity initialisation, frozen batch-norm scale, shift learning
// rate factor and Lookahead) are
// optional in Hyperparameters: a run stored without them trained without
// them. recipeOf() reads them with that meaning, so every consumer (engine,
// views, CLI) treats an absent field and an explicit "off" alike.

import type { AugmentationSettings, Hyperparameters } from '../runs.js';

export const NO_AUGMENTATION: Readonly<Required<AugmentationSettings>> = {
  cropPadding: 0,
  horizontalFlip: false,
  cutoutSize: 0,
  alternatingFlip: false,
  cropPaddingMode: 'black',
};

export interface Recipe {
  nesterov: boolean;
  labelSmoothing: number;
  augmentation: Required<AugmentationSettings>;
  emaDecay: number;
  testTimeFlip: boolean;
  testTimeShift: number;
  identityInit: boolean;
  freezeBatchNormScale: boolean;
  /** 1 when absent: shifts step at the learning rate. */
  shiftLearningRateFactor: number;
  lookahead: boolean;
}

export function recipeOf(h: Hyperparameters): Recipe {
  return {
    nesterov: h.nesterov ?? false,
    labelSmoothing: h.labelSmoothing ?? 0,
    augmentation: { ...NO_AUGMENTATION, ...h.augmentation },
    emaDecay: h.emaDecay ?? 0,
    testTimeFlip: h.testTimeFlip ?? false,
    testTimeShift: h.testTimeShift ?? 0,
    identityInit: h.identityInit ?? false,
    freezeBatchNormScale: h.freezeBatchNormScale ?? false,
    shiftLearningRateFactor: h.shiftLearningRateFactor ?? 1,
    lookahead: h.lookahead ?? false,
  };
}

export function augments(augmentation: AugmentationSettings): boolean {
  return augmentation.cropPadding > 0 || augmentation.horizontalFlip || augmentation.cutoutSize > 0;
}

/** Optimizers with a momentum buffer, which Nesterov's look-ahead applies to. */
export function hasMomentumBuffer(optimizer: Hyperparameters['optimizer']): boolean {
  return optimizer === 'sgdMomentum' || optimizer === 'sgdPytorch';
}

/** Every field present: what the Train view edits and what new runs store. */
export function completeHyperparameters(h: Hyperparameters): Required<Hyperparameters> {
  return { ...h, ...recipeOf(h) };
}
