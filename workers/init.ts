// Seeded weight initialisation. Weights [out, in, ...kernel] get
//   He normal:       N(0, 2/fanIn)                        (suits ReLU networks; the default)
//   Glorot uniform:  U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut)))
// with fanIn = in·kernel area and fanOut = out·kernel area; biases start at 0.
// One stream drawn in parameter order: the same seed gives the same weights.
// A network gives He to layers whose output goes through a ReLU and Glorot to
// the others (the classifier), so the first loss is near ln(classes), not
// several times it (see defaultScheme).

import { definitionOf } from '../common/arch/layerRegistry.js';
import type { LayerSpec } from '../common/arch/spec.js';
import { SeededRandom } from '../common/random.js';
import { identityApplies } from '../common/training/identityInit.js';
import type { Param } from './layers/layer.js';

export type InitScheme = 'heNormal' | 'glorotUniform';

export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  const receptiveField = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape[1] ?? 1) * receptiveField, fanOut: shape[0] * receptiveField };
}

export function initializeParams(params: Param[], seed: number, scheme: InitScheme | ((param: Param) => InitScheme) = 'heNormal'): void {
  const random = new SeededRandom(seed);
  for (const param of params) {
    // Biases, shifts and running means start at 0, scales and running variances at 1; only weights draw.
    const init = param.init ?? (param.name === 'bias' ? 'zeros' : 'fan');
    if (init !== 'fan') {
      param.value.fill(init === 'ones' ? 1 : 0);
      continue;
    }
    const { fanIn, fanOut } = fans(param.shape);
    if ((typeof scheme === 'function' ? scheme(param) : scheme) === 'heNormal') {
      const std = Math.sqrt(2 / fanIn);
      for (let k = 0; k < param.value.length; k++) param.value[k] = std * random.nextNormal();
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let k = 0; k < param.value.length; k++) param.value[k] = limit * (2 * random.next() - 1);
    }
  }
}

/**
 * airbench's partial identity (PyTorch: dirac_(w[:w.size(1)])), over weights
 * already drawn: in every conv filter bank [filters, in, k, k] it applies to
 * (common/training/identityInit.ts), filter i < in becomes zero except
 * weight[i][i][centre][centre] = 1. The other filters, and every other
 * parameter, keep their seeded values: the stream was drawn in full before.
 */
export function setPartialIdentity(params: readonly Param[]): void {
  for (const param of params) {
    if (param.name !== 'weights' || !identityApplies(param.shape)) continue;
    const [, channels, height, width] = param.shape;
    const plane = height * width;
    const centre = ((height - 1) / 2) * width + (width - 1) / 2;
    for (let i = 0; i < channels; i++) {
      const filter = param.value.subarray(i * channels * plane, (i + 1) * channels * plane);
      filter.fill(0);
      filter[i * plane + centre] = 1;
    }
  }
}

/** He when the layer's output reaches a rectifier (through pooling, dropout, flatten or batch norm), Glorot otherwise. */
export function defaultScheme(layers: readonly LayerSpec[], index: number): InitScheme {
  for (let next = index + 1; next < layers.length; next++) {
    const role = definitionOf(layers[next]).initRole;
    if (role === 'rectifier') return 'heNormal';
    if (role !== 'transparent') return 'glorotUniform';
  }
  return 'glorotUniform';
}
