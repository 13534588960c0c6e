// Mean of each size×size window: y = (1/size²)·Σ_{p,q} x[i·s+p, j·s+q].

import type { FloatArray, Pool2dGeometry } from '../backend.js';

export function avgPool2d(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
  const area = g.size * g.size;
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < g.channels; c++) {
      const plane = (n * g.channels + c) * g.inHeight * g.inWidth;
      for (let i = 0; i < g.outHeight; i++) {
        for (let j = 0; j < g.outWidth; j++) {
          let sum = 0;
          for (let p = 0; p < g.size; p++) {
            for (let q = 0; q < g.size; q++) sum += x[plane + (i * g.stride + p) * g.inWidth + (j * g.stride + q)];
          }
          y[((n * g.channels + c) * g.outHeight + i) * g.outWidth + j] = sum / area;
        }
      }
    }
  }
}
