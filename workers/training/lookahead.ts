// airbench's Lookahead (its LookaheadState): a slow copy of every weight,
// batch norm's running statistics included, starting from the weights the
// run starts with. After optimizer step t of the run's T steps (1-based,
// counted over the whole run, so a resumed run counts on where it left off):
//   t a multiple of 5:  slow ← slow + (1 − α_t)·(w − slow), then w ← slow,
//                       α_t = 0.95⁵·(t/T)³
//   t = T (the last):   w ← slow (after the update above when T is a multiple of 5)
// Early on α_t is near 0 and the slow copy follows the weights; towards the
// end it keeps most of where it was, averaging the last noisy steps away.
// The copy is float32, the precision of the weights and of checkpoints, so a
// resumed run continues from exactly these values.

import type { FloatArray } from '../kernels/backend.js';

export const LOOKAHEAD_EVERY = 5;

/** α_t: how much of the slow copy an update keeps. Written as products so train.py's Python gives the same bits. */
export function lookaheadDecay(step: number, totalSteps: number): number {
  const progress = step / totalSteps;
  return 0.95 * 0.95 * 0.95 * 0.95 * 0.95 * (progress * progress * progress);
}

export class Lookahead {
  readonly values: Float32Array;

  /** Starts from `weights` (the run's initial weights; a resumed run restores its copy from the checkpoint). */
  constructor(
    weights: FloatArray,
    readonly totalSteps: number,
  ) {
    this.values = Float32Array.from(weights);
  }

  /** After optimizer step `step` (1-based over the whole run): moves the weights as above when it is their turn. */
  afterStep(step: number, weights: FloatArray): void {
    const slow = this.values;
    if (step % LOOKAHEAD_EVERY === 0) {
      const keep = lookaheadDecay(step, this.totalSteps);
      for (let k = 0; k < slow.length; k++) slow[k] = slow[k] + (1 - keep) * (weights[k] - slow[k]);
      weights.set(slow);
    } else if (step >= this.totalSteps) {
      weights.set(slow);
    }
  }

  /** The slow copy's values: appended to the checkpoint's state (see trainingState.ts). */
  encode(): Float32Array {
    return this.values.slice();
  }

  restore(encoded: Float32Array): void {
    if (encoded.length !== this.values.length) {
      throw new Error(`checkpoint: the Lookahead copy has ${encoded.length} values, the network has ${this.values.length}`);
    }
    this.values.set(encoded);
  }
}
