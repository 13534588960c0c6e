// ∂L/∂w and ∂L/∂b of convolution: every output position that used tap
// (o,c,p,q) contributes dy · (the input value it multiplied).
// dw[o,c,p,q] = Σ_{n,i,j} dy[n,o,i,j] · x[n,c,i·s+p−pad, j·s+q−pad];  db[o] = Σ_{n,i,j} dy[n,o,i,j].

import type { Conv2dGeometry, FloatArray } from '../backend.js';

export function conv2dBackwardFilter(
  x: FloatArray,
  dy: FloatArray,
  dw: FloatArray,
  db: FloatArray,
  g: Conv2dGeometry,
): void {
  for (let o = 0; o < g.outChannels; o++) {
    for (let c = 0; c < g.inChannels; c++) {
      for (let p = 0; p < g.kernelH; p++) {
        for (let q = 0; q < g.kernelW; q++) {
          let sum = 0;
          for (let n = 0; n < g.batch; n++) {
            for (let i = 0; i < g.outHeight; i++) {
              const row = i * g.stride + p - g.padding;
              if (row < 0 || row >= g.inHeight) continue;
              for (let j = 0; j < g.outWidth; j++) {
                const col = j * g.stride + q - g.padding;
                if (col < 0 || col >= g.inWidth) continue;
                const xValue = x[((n * g.inChannels + c) * g.inHeight + row) * g.inWidth + col];
                sum += dy[((n * g.outChannels + o) * g.outHeight + i) * g.outWidth + j] * xValue;
              }
            }
          }
          dw[((o * g.inChannels + c) * g.kernelH + p) * g.kernelW + q] = sum;
        }
      }
    }
    let biasSum = 0;
    for (let n = 0; n < g.batch; n++) {
      const start = (n * g.outChannels + o) * g.outHeight * g.outWidth;
      for (let k = 0; k < g.outHeight * g.outWidth; k++) biasSum += dy[start + k];
    }
    db[o] = biasSum;
  }
}
