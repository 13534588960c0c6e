// dx = dy where x > 0, slope·dy elsewhere (the derivative at 0 is taken as slope).

import type { FloatArray } from '../backend.js';

export function leakyReluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number, slope: number): void {
  for (let k = 0; k < length; k++) dx[k] = x[k] > 0 ? dy[k] : slope * dy[k];
}
