// The report's ∂L/∂W = ∂L/∂Y Xᵀ and ∂L/∂b = Σ ∂L/∂Y, summed over the batch.

import type { DenseGeometry, FloatArray } from '../backend.js';

export function denseBackwardWeights(x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, g: DenseGeometry): void {
  for (let o = 0; o < g.outUnits; o++) {
    for (let i = 0; i < g.inUnits; i++) {
      let sum = 0;
      for (let n = 0; n < g.batch; n++) sum += dy[n * g.outUnits + o] * x[n * g.inUnits + i];
      dw[o * g.inUnits + i] = sum;
    }
    let biasSum = 0;
    for (let n = 0; n < g.batch; n++) biasSum += dy[n * g.outUnits + o];
    db[o] = biasSum;
  }
}
