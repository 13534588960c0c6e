// ReLU passes the gradient where its input was positive. At exactly 0 the
// derivative is taken as 0, as in the report.

import type { FloatArray } from '../backend.js';

export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number): void {
  for (let k = 0; k < length; k++) dx[k] = x[k] > 0 ? dy[k] : 0;
}
