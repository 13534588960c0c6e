// The shape rule of every sliding-window layer (convolution, pooling), with
// the arithmetic written the way the report writes it: `(28 − 5 + 2·2)/1 + 1 = 28`.

import type { ArchitectureError, ShapeContext, ShapeStep } from './layerDefinition.js';
import type { NumberField } from './schema.js';
import type { Shape } from './spec.js';

/** One spatial dimension: (in − k + 2·p)/s + 1, which must be a positive integer. */
function slide(
  axis: string,
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  index: number,
): { value: number; text: string } | { error: ArchitectureError } {
  const span = size - kernel + 2 * padding;
  const padText = padding > 0 ? ` + 2·${padding}` : '';
  const expression = `(${size} − ${kernel}${padText})/${stride} + 1`;
  if (span < 0) {
    return {
      error: {
        layerIndex: index,
        field: 'kernelSize',
        message: `output ${axis} would be ${expression} = ${span / stride + 1} ≤ 0: the window (${kernel}) is larger than the padded input (${size + 2 * padding})`,
      },
    };
  }
  if (span % stride !== 0) {
    return {
      error: {
        layerIndex: index,
        field: 'stride',
        message: `output ${axis} ${expression} = ${(span / stride + 1).toFixed(2)} is not an integer: stride ${stride} does not divide ${span}`,
      },
    };
  }
  const value = span / stride + 1;
  return { value, text: `${expression} = ${value}` };
}

export interface Window {
  kernel: number;
  stride: number;
  padding: number;
  /** Output channels (the filters of a convolution, the input channels of a pooling). */
  channels?: number;
}

/** The feature map a window slid over `inShape` produces, or the error naming what does not fit. */
export function windowStep(inShape: Shape, type: string, index: number, window: Window): ShapeStep {
  if (inShape.kind !== 'map') return needsMap(inShape, type, index);
  const h = slide('height', inShape.height, window.kernel, window.stride, window.padding, index);
  if ('error' in h) return h;
  const w = slide('width', inShape.width, window.kernel, window.stride, window.padding, index);
  if ('error' in w) return w;
  const arithmetic = inShape.height === inShape.width ? [h.text] : [`H: ${h.text}`, `W: ${w.text}`];
  return { outShape: { kind: 'map', channels: window.channels ?? inShape.channels, height: h.value, width: w.value }, arithmetic };
}

/** The error of a spatial layer placed after the network became a vector. */
export function needsMap(inShape: Shape & { kind: 'vector' }, type: string, index: number): ShapeStep {
  return {
    error: {
      layerIndex: index,
      field: null,
      message: `${type} needs a feature map input, but its input is a vector of ${inShape.units} (it comes after a flatten, dense or global pooling layer)`,
    },
  };
}

/** The fields of a pooling layer: a window size and a stride that defaults to it. */
export const POOLING_FIELDS: NumberField[] = [
  { name: 'size', label: 'Size', kind: 'integer', min: 1, max: 8 },
  { name: 'stride', label: 'Stride', kind: 'integer', min: 1, max: 8, optional: true, defaultFrom: 'size' },
];

/** A pooling window over every channel, without padding. */
export function poolingStep(inShape: Shape, spec: { type: string; size: number; stride?: number }, at: ShapeContext): ShapeStep {
  return windowStep(inShape, spec.type, at.index, { kernel: spec.size, stride: spec.stride ?? spec.size, padding: 0 });
}
