// The optimizer a run's hyperparameters ask for. `momentum` doubles as Adam's
// β1 (see common/runs.ts); β2 and ε keep their usual defaults.

import type { Hyperparameters } from '../../common/runs.js';
import { Adam, ADAM_DEFAULTS } from './adam.js';
import type { CreateBuffer, Optimizer } from './optimizer.js';
import { Sgd } from './sgd.js';
import { SgdMomentum } from './sgdMomentum.js';
import { SgdPytorch } from './sgdPytorch.js';

export function createOptimizer(
  hyperparameters: Pick<Hyperparameters, 'optimizer' | 'momentum' | 'weightDecay' | 'nesterov'>,
  createBuffer?: CreateBuffer,
): Optimizer {
  const { optimizer, momentum, weightDecay } = hyperparameters;
  const nesterov = hyperparameters.nesterov ?? false;
  switch (optimizer) {
    case 'sgdMomentum':
      return new SgdMomentum({ momentum, weightDecay, nesterov }, createBuffer);
    case 'sgdPytorch':
      return new SgdPytorch({ momentum, weightDecay, nesterov }, createBuffer);
    case 'sgd':
      return new Sgd({ weightDecay });
    case 'adam':
      return new Adam({ ...ADAM_DEFAULTS, beta1: momentum, weightDecay }, createBuffer);
  }
}
