// Each output's gradient spread evenly over its window: ∂y/∂x = 1/size² for
// every x in it. Overlapping windows add up, hence dx is zeroed first.

import type { FloatArray, Pool2dGeometry } from '../backend.js';

export function avgPool2dBackward(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
  dx.fill(0, 0, g.batch * g.channels * g.inHeight * g.inWidth);
  const area = g.size * g.size;
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < g.channels; c++) {
      const plane = (n * g.channels + c) * g.inHeight * g.inWidth;
      for (let i = 0; i < g.outHeight; i++) {
        for (let j = 0; j < g.outWidth; j++) {
          const share = dy[((n * g.channels + c) * g.outHeight + i) * g.outWidth + j] / area;
          for (let p = 0; p < g.size; p++) {
            for (let q = 0; q < g.size; q++) dx[plane + (i * g.stride + p) * g.inWidth + (j * g.stride + q)] += share;
          }
        }
      }
    }
  }
}
