// y = max(0, x). Written as a comparison so that x = 0 (and −0) gives +0.

import type { FloatArray } from '../backend.js';

export function relu(x: FloatArray, y: FloatArray, length: number): void {
  for (let k = 0; k < length; k++) y[k] = x[k] > 0 ? x[k] : 0;
}
