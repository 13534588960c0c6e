// Max over each size×size window. The comparison is strict (>), so when a
// window holds several equal maxima the first one in row-major order wins and
// receives the whole gradient in the backward pass.

import type { FloatArray, Pool2dGeometry } from '../backend.js';

export function maxPool2d(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void {
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < g.channels; c++) {
      const plane = (n * g.channels + c) * g.inHeight * g.inWidth;
      for (let i = 0; i < g.outHeight; i++) {
        for (let j = 0; j < g.outWidth; j++) {
          let best = -Infinity;
          let bestIndex = -1;
          for (let p = 0; p < g.size; p++) {
            for (let q = 0; q < g.size; q++) {
              const index = plane + (i * g.stride + p) * g.inWidth + (j * g.stride + q);
              if (bestIndex < 0 || x[index] > best) {
                best = x[index];
                bestIndex = index;
              }
            }
          }
          const out = ((n * g.channels + c) * g.outHeight + i) * g.outWidth + j;
          y[out] = best;
          argmax[out] = bestIndex;
        }
      }
    }
  }
}
