// ∂L/∂x of convolution. Input pixel (row, col) was read by output (i, j)
// through filter tap (p, q) exactly when row = i·s + p − pad and
// col = j·s + q − pad, so each dx element gathers those terms:
// dx[n,c,row,col] = Σ_{o,p,q} w[o,c,p,q] · dy[n,o,(row+pad−p)/s,(col+pad−q)/s]
// over the taps where the division is exact and lands inside the output.
// Gathering (rather than scattering +=) keeps one rounding per element.

import type { Conv2dGeometry, FloatArray } from '../backend.js';

export function conv2dBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: Conv2dGeometry): void {
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < g.inChannels; c++) {
      for (let row = 0; row < g.inHeight; row++) {
        for (let col = 0; col < g.inWidth; col++) {
          let sum = 0;
          for (let o = 0; o < g.outChannels; o++) {
            for (let p = 0; p < g.kernelH; p++) {
              const iScaled = row + g.padding - p;
              if (iScaled < 0 || iScaled % g.stride !== 0) continue;
              const i = iScaled / g.stride;
              if (i >= g.outHeight) continue;
              for (let q = 0; q < g.kernelW; q++) {
                const jScaled = col + g.padding - q;
                if (jScaled < 0 || jScaled % g.stride !== 0) continue;
                const j = jScaled / g.stride;
                if (j >= g.outWidth) continue;
                const wValue = w[((o * g.inChannels + c) * g.kernelH + p) * g.kernelW + q];
                sum += wValue * dy[((n * g.outChannels + o) * g.outHeight + i) * g.outWidth + j];
              }
            }
          }
          dx[((n * g.inChannels + c) * g.inHeight + row) * g.inWidth + col] = sum;
        }
      }
    }
  }
}
