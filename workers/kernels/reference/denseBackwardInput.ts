// The report's ∂L/∂X = Wᵀ ∂L/∂Y: dx[n,i] = Σ_o w[o,i] · dy[n,o].

import type { DenseGeometry, FloatArray } from '../backend.js';

export function denseBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: DenseGeometry): void {
  for (let n = 0; n < g.batch; n++) {
    for (let i = 0; i < g.inUnits; i++) {
      let sum = 0;
      for (let o = 0; o < g.outUnits; o++) sum += w[o * g.inUnits + i] * dy[n * g.outUnits + o];
      dx[n * g.inUnits + i] = sum;
    }
  }
}
