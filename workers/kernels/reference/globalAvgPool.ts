// y[n,c] = (1/area)·Σ x[n,c,·], and its transpose: every position of a
// channel receives dy[n,c]/area.

import type { ChannelGeometry, FloatArray } from '../backend.js';

export function globalAvgPool(x: FloatArray, y: FloatArray, g: ChannelGeometry): void {
  for (let plane = 0; plane < g.batch * g.channels; plane++) {
    let sum = 0;
    for (let k = 0; k < g.area; k++) sum += x[plane * g.area + k];
    y[plane] = sum / g.area;
  }
}

export function globalAvgPoolBackward(dy: FloatArray, dx: FloatArray, g: ChannelGeometry): void {
  for (let plane = 0; plane < g.batch * g.channels; plane++) {
    dx.fill(dy[plane] / g.area, plane * g.area, (plane + 1) * g.area);
  }
}
