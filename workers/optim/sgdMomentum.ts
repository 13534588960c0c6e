// SGD with momentum exactly as the report writes it:
//   m ← μ·m + (1 − μ)·g
//   w ← w − lr·(m + λ·w)
// m is an exponential moving average of the gradient (not PyTorch's m ← μ·m + g),
// and weight decay is added outside the average.
//
// With Nesterov's look-ahead the step uses the average one step further on,
// w ← w − lr·(μ·m + (1 − μ)·g + λ·w) after the same update of m: PyTorch's
// Nesterov form (step along g + μ·b) with the report's averaging. m is the
// same state either way, so checkpoints do not change.

import type { Param } from '../layers/layer.js';
import { decayFor, learningRateFor, SlottedOptimizer, type CreateBuffer, type ParamRates } from './optimizer.js';

export interface SgdMomentumOptions extends ParamRates {
  momentum: number;
  weightDecay: number;
  nesterov?: boolean;
}

export class SgdMomentum extends SlottedOptimizer {
  constructor(
    private readonly options: SgdMomentumOptions,
    createBuffer?: CreateBuffer,
  ) {
    super('sgdMomentum', ['momentum'], createBuffer);
  }

  step(params: readonly Param[], lr: number): void {
    const m = this.slots.for(params).momentum;
    const mu = this.options.momentum;
    let offset = 0;
    for (const param of params) {
      const rate = learningRateFor(param, lr, this.options);
      if (rate === null) {
        offset += param.value.length;
        continue;
      }
      const decay = decayFor(param, this.options.weightDecay);
      const w = param.value;
      const g = param.grad;
      if (this.options.nesterov) {
        for (let k = 0; k < w.length; k++) {
          m[offset + k] = mu * m[offset + k] + (1 - mu) * g[k];
          w[k] -= rate * (mu * m[offset + k] + (1 - mu) * g[k] + decay * w[k]);
        }
      } else {
        for (let k = 0; k < w.length; k++) {
          m[offset + k] = mu * m[offset + k] + (1 - mu) * g[k];
          w[k] -= rate * (m[offset + k] + decay * w[k]);
        }
      }
      offset += w.length;
    }
    this.stepCount++;
  }
}
