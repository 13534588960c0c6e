// y[n,c] = mean of x[n,c,·] over the area.

import { rowSum } from './channelRows';

export function globalAvgPool(x: usize, y: usize, planes: i32, area: i32): void {
  const scale: f32 = 1 / <f32>area;
  for (let plane = 0; plane < planes; plane++) {
    store<f32>(y + ((<usize>plane) << 2), rowSum(x + ((<usize>(plane * area)) << 2), area) * scale);
  }
}
