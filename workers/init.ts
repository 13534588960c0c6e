// Seeded weight initialisation. Weights [out, in, ...kernel] get
//   He normal:       N(0, 2/fanIn)                        (suits ReLU networks; the default)
//   Glorot uniform:  U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut)))
// with fanIn = in·kernel area and fanOut = out·kernel area; biases start at 0.
// One stream drawn in parameter order: the same seed gives the same weights.

import { SeededRandom } from '../common/random.js';
import type { Param } from './layers/layer.js';

export type InitScheme = 'heNormal' | 'glorotUniform';

export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  const receptiveField = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape[1] ?? 1) * receptiveField, fanOut: shape[0] * receptiveField };
}

export function initializeParams(params: Param[], seed: number, scheme: InitScheme = 'heNormal'): void {
  const random = new SeededRandom(seed);
  for (const param of params) {
    if (param.name === 'bias') {
      param.value.fill(0);
      continue;
    }
    const { fanIn, fanOut } = fans(param.shape);
    if (scheme === 'heNormal') {
      const std = Math.sqrt(2 / fanIn);
      for (let k = 0; k < param.value.length; k++) param.value[k] = std * random.nextNormal();
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let k = 0; k < param.value.length; k++) param.value[k] = limit * (2 * random.next() - 1);
    }
  }
}
