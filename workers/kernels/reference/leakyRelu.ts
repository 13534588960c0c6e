// y = x where x > 0, slope·x elsewhere.

import type { FloatArray } from '../backend.js';

export function leakyRelu(x: FloatArray, y: FloatArray, length: number, slope: number): void {
  for (let k = 0; k < length; k++) y[k] = x[k] > 0 ? x[k] : slope * x[k];
}
