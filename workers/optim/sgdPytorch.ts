// SGD with momentum as PyTorch's torch.optim.SGD computes it (dampening 0):
//   d ← g + λ·w         (weight decay inside the gradient, L2-style)
//   b ← μ·b + d
//   w ← w − lr·b        or, with Nesterov, w ← w − lr·(d + μ·b)
// Unlike the report's rule (sgdMomentum.ts) the buffer sums gradients rather
// than averaging them, so the same lr takes steps about 1/(1 − μ) larger.
// As everywhere here, λ applies to weights only: give PyTorch a parameter
// group with weight_decay 0 for biases to match it exactly.

import type { Param } from '../layers/layer.js';
import { decayFor, learningRateFor, SlottedOptimizer, type CreateBuffer, type ParamRates } from './optimizer.js';

export interface SgdPytorchOptions extends ParamRates {
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

export class SgdPytorch extends SlottedOptimizer {
  constructor(
    private readonly options: SgdPytorchOptions,
    createBuffer?: CreateBuffer,
  ) {
    super('sgdPytorch', ['momentumBuffer'], createBuffer);
  }

  step(params: readonly Param[], lr: number): void {
    const b = this.slots.for(params).momentumBuffer;
    const { momentum: mu, nesterov } = this.options;
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
        const d = g[k] + decay * w[k];
        b[s] = mu * b[s] + d;
        w[k] -= rate * (nesterov ? d + mu * b[s] : b[s]);
      }
      offset += w.length;
    }
    this.stepCount++;
  }
}
