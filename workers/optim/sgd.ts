// Plain SGD with weight decay: w ← w − lr·(g + λ·w).

import type { Param } from '../layers/layer.js';
import { decayFor, learningRateFor, type Optimizer, type OptimizerState, type ParamRates } from './optimizer.js';

export class Sgd implements Optimizer {
  readonly type = 'sgd';
  private stepCount = 0;

  constructor(private readonly options: { weightDecay: number } & ParamRates) {}

  step(params: readonly Param[], lr: number): void {
    for (const param of params) {
      const rate = learningRateFor(param, lr, this.options);
      if (rate === null) continue;
      const decay = decayFor(param, this.options.weightDecay);
      const w = param.value;
      const g = param.grad;
      for (let k = 0; k < w.length; k++) w[k] -= rate * (g[k] + decay * w[k]);
    }
    this.stepCount++;
  }

  exportState(): OptimizerState {
    return { type: this.type, stepCount: this.stepCount, slots: {} };
  }

  importState(state: OptimizerState): void {
    if (state.type !== this.type) throw new Error(`sgd optimizer: cannot import the state of a ${state.type} optimizer`);
    this.stepCount = state.stepCount;
  }
}
