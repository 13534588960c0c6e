// The living spec of convolution: y[n,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q] · x[n,c,i·s+p−pad, j·s+q−pad],
// zero outside the input. Sums run in JS doubles and are stored once, so the
// float32 variant only rounds at the end.

import type { Conv2dGeometry, FloatArray } from '../backend.js';

export function conv2d(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry): void {
  for (let n = 0; n < g.batch; n++) {
    for (let o = 0; o < g.outChannels; o++) {
      for (let i = 0; i < g.outHeight; i++) {
        for (let j = 0; j < g.outWidth; j++) {
          let sum = b[o];
          for (let c = 0; c < g.inChannels; c++) {
            for (let p = 0; p < g.kernelH; p++) {
              const row = i * g.stride + p - g.padding;
              if (row < 0 || row >= g.inHeight) continue;
              for (let q = 0; q < g.kernelW; q++) {
                const col = j * g.stride + q - g.padding;
                if (col < 0 || col >= g.inWidth) continue;
                const xValue = x[((n * g.inChannels + c) * g.inHeight + row) * g.inWidth + col];
                const wValue = w[((o * g.inChannels + c) * g.kernelH + p) * g.kernelW + q];
                sum += wValue * xValue;
              }
            }
          }
          y[((n * g.outChannels + o) * g.outHeight + i) * g.outWidth + j] = sum;
        }
      }
    }
  }
}
