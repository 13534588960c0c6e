// The gradient of a max flows only to the input that won. Overlapping windows
// (stride < size) can pick the same input, hence the +=.

import type { FloatArray, Pool2dGeometry } from '../backend.js';

export function maxPool2dBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, g: Pool2dGeometry): void {
  dx.fill(0, 0, g.batch * g.channels * g.inHeight * g.inWidth);
  const outputs = g.batch * g.channels * g.outHeight * g.outWidth;
  for (let k = 0; k < outputs; k++) dx[argmax[k]] += dy[k];
}
