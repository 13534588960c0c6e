// An exponential moving average of every weight (batch norm's running
// statistics included), used in place of the weights for evaluation:
//   e ← d_t·e + (1 − d_t)·w after each optimizer step, d_t = min(d, (1 + t)/(10 + t))
// where t counts the updates so far. The ramp is TensorFlow's
// ExponentialMovingAverage(num_updates): early on the average follows the
// weights closely instead of remembering the random initialisation for
// thousands of steps. The average is kept in float32, the precision a
// checkpoint stores, so a resumed run continues from exactly these values.

import type { FloatArray } from '../kernels/backend.js';
import type { Network } from '../network.js';

export class WeightAverage {
  readonly values: Float32Array;
  private updates = 0;

  /** Starts from `weights` (the initial or resumed weights). */
  constructor(
    readonly decay: number,
    weights: FloatArray,
  ) {
    this.values = Float32Array.from(weights);
  }

  get updateCount(): number {
    return this.updates;
  }

  /** Folds the weights after an optimizer step into the average. */
  update(weights: FloatArray): void {
    const d = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    const e = this.values;
    for (let k = 0; k < e.length; k++) e[k] = d * e[k] + (1 - d) * weights[k];
    this.updates++;
  }

  /** Runs `work` with the average in the network's weights, then puts the trained weights back. */
  evaluateWith<T>(net: Network, work: () => T): T {
    const trained = net.getWeights();
    net.setWeights(this.values);
    try {
      return work();
    } finally {
      net.setWeights(trained);
    }
  }

  /** [updates, values…]: appended to the optimizer state in checkpoints (see trainingState.ts). */
  encode(): Float32Array {
    const out = new Float32Array(1 + this.values.length);
    out[0] = this.updates;
    out.set(this.values, 1);
    return out;
  }

  restore(encoded: Float32Array): void {
    if (encoded.length !== 1 + this.values.length) {
      throw new Error(`checkpoint: the weight average has ${encoded.length - 1} values, the network has ${this.values.length}`);
    }
    this.updates = encoded[0];
    this.values.set(encoded.subarray(1));
  }
}
