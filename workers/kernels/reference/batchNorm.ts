// Batch normalisation, written as the equations read (Ioffe & Szegedy 2015,
// with the backward pass in its compact form). A channel's M = batch·area
// values are x[n, c, k] at (n·channels + c)·area + k.
//
//   μ = Σx/M,  σ² = Σ(x − μ)²/M,  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β
//   ∂L/∂β = Σ dy,  ∂L/∂γ = Σ dy·x̂
//   ∂L/∂x = γ/√(σ² + ε) · (dy − ∂L/∂β/M − x̂·∂L/∂γ/M)     (μ and σ² from this batch)
//   ∂L/∂x = γ/√(σ² + ε) · dy                              (μ and σ² fixed: evaluation)

import type { ChannelGeometry, FloatArray } from '../backend.js';

function forEachValue(g: ChannelGeometry, c: number, visit: (at: number) => void): void {
  for (let n = 0; n < g.batch; n++) {
    const row = (n * g.channels + c) * g.area;
    for (let k = 0; k < g.area; k++) visit(row + k);
  }
}

export function batchNormStatistics(x: FloatArray, mean: FloatArray, variance: FloatArray, g: ChannelGeometry): void {
  const count = g.batch * g.area;
  for (let c = 0; c < g.channels; c++) {
    let sum = 0;
    forEachValue(g, c, (at) => (sum += x[at]));
    const mu = sum / count;
    let squares = 0;
    forEachValue(g, c, (at) => (squares += (x[at] - mu) ** 2));
    mean[c] = mu;
    variance[c] = squares / count;
  }
}

export function batchNormForward(
  x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
  xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry,
): void {
  for (let c = 0; c < g.channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c] + epsilon);
    forEachValue(g, c, (at) => {
      xHat[at] = (x[at] - mean[c]) * invStd;
      y[at] = scale[c] * xHat[at] + shift[c];
    });
  }
}

export function batchNormBackward(
  dy: FloatArray, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
  dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
): void {
  const count = g.batch * g.area;
  for (let c = 0; c < g.channels; c++) {
    let sumDy = 0;
    let sumDyXHat = 0;
    forEachValue(g, c, (at) => {
      sumDy += dy[at];
      sumDyXHat += dy[at] * xHat[at];
    });
    dshift[c] = sumDy;
    dscale[c] = sumDyXHat;
    if (!dx) continue;
    const gain = scale[c] / Math.sqrt(variance[c] + epsilon);
    forEachValue(g, c, (at) => {
      dx[at] = batchStatistics ? gain * (dy[at] - sumDy / count - xHat[at] * (sumDyXHat / count)) : gain * dy[at];
    });
  }
}
