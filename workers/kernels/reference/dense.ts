// The report's fully connected layer Y = W·X + b, one image per row of x.

import type { DenseGeometry, FloatArray } from '../backend.js';

export function dense(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: DenseGeometry): void {
  for (let n = 0; n < g.batch; n++) {
    for (let o = 0; o < g.outUnits; o++) {
      let sum = b[o];
      for (let i = 0; i < g.inUnits; i++) sum += w[o * g.inUnits + i] * x[n * g.inUnits + i];
      y[n * g.outUnits + o] = sum;
    }
  }
}
