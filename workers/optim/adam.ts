// Adam with bias correction, and weight decay decoupled in the report's style
// (outside the moment estimates, as in AdamW):
//   m ← β1·m + (1 − β1)·g        v ← β2·v + (1 − β2)·g²
//   w ← w − lr·(m̂/(√v̂ + ε) + λ·w),   m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)
// That is AdamW's update as torch.optim.AdamW computes it (decay scaled by lr);
// the optimizer is named adam because runs were stored under that name.

import type { Param } from '../layers/layer.js';
import { decayFor, learningRateFor, SlottedOptimizer, type CreateBuffer, type ParamRates } from './optimizer.js';

export interface AdamOptions extends ParamRates {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export const ADAM_DEFAULTS: Omit<AdamOptions, 'weightDecay'> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class Adam extends SlottedOptimizer {
  constructor(
    private readonly options: AdamOptions,
    createBuffer?: CreateBuffer,
  ) {
    super('adam', ['m', 'v'], createBuffer);
  }

  step(params: readonly Param[], lr: number): void {
    const { m, v } = this.slots.for(params);
    const { beta1, beta2, epsilon } = this.options;
    this.stepCount++;
    const mCorrection = 1 - beta1 ** this.stepCount;
    const vCorrection = 1 - beta2 ** this.stepCount;
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
      for (let k = 0; k < w.length; k++) {
        const s = offset + k;
        m[s] = beta1 * m[s] + (1 - beta1) * g[k];
        v[s] = beta2 * v[s] + (1 - beta2) * g[k] * g[k];
        const update = m[s] / mCorrection / (Math.sqrt(v[s] / vCorrection) + epsilon);
        w[k] -= rate * (update + decay * w[k]);
      }
      offset += w.length;
    }
  }
}
