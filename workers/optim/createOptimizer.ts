// The optimizer a run's hyperparameters ask for. `momentum` doubles as Adam's
// β1 (see common/runs.ts); β2 and ε keep their usual defaults. Batch norm's
// frozen scale and shift rate factor reach every kind (learningRateFor).

import type { Hyperparameters } from '../../common/runs.js';
import { Adam, ADAM_DEFAULTS } from './adam.js';
import type { CreateBuffer, Optimizer, ParamRates } from './optimizer.js';
import { Sgd } from './sgd.js';
import { SgdMomentum } from './sgdMomentum.js';
import { SgdPytorch } from './sgdPytorch.js';

export function createOptimizer(
  hyperparameters: Pick<Hyperparameters, 'optimizer' | 'momentum' | 'weightDecay' | 'nesterov' | 'freezeBatchNormScale' | 'shiftLearningRateFactor'>,
  createBuffer?: CreateBuffer,
): Optimizer {
  const { optimizer, momentum, weightDecay } = hyperparameters;
  const nesterov = hyperparameters.nesterov ?? false;
  const rates: ParamRates = {
    freezeBatchNormScale: hyperparameters.freezeBatchNormScale ?? false,
    shiftLearningRateFactor: hyperparameters.shiftLearningRateFactor ?? 1,
  };
  switch (optimizer) {
    case 'sgdMomentum':
      return new SgdMomentum({ momentum, weightDecay, nesterov, ...rates }, createBuffer);
    case 'sgdPytorch':
      return new SgdPytorch({ momentum, weightDecay, nesterov, ...rates }, createBuffer);
    case 'sgd':
      return new Sgd({ weightDecay, ...rates });
    case 'adam':
      return new Adam({ ...ADAM_DEFAULTS, beta1: momentum, weightDecay, ...rates }, createBuffer);
  }
}
