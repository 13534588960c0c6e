// Convolution: learned filters [filters, in, k, k] and one bias per filter.

import type { LayerDefinition } from '../layerDefinition.js';
import { featureCount } from '../layerDefinition.js';
import { LIMITS } from '../schema.js';
import { windowStep } from '../slidingWindow.js';
import { shapeSize } from '../spec.js';

export interface Conv2dSpec {
  type: 'conv2d';
  filters: number;
  kernelSize: number;
  stride?: number; // default 1
  padding?: number; // default 0, zero padding on every side
}

export const conv2d: LayerDefinition<Conv2dSpec> = {
  type: 'conv2d',
  title: 'Convolution',
  description: 'Learned filters slid over the input feature map.',
  fields: [
    { name: 'filters', label: 'Filters', kind: 'integer', min: 1, max: LIMITS.maxFilters },
    { name: 'kernelSize', label: 'Kernel', kind: 'integer', min: 1, max: LIMITS.maxKernelSize },
    { name: 'stride', label: 'Stride', kind: 'integer', min: 1, max: 8, optional: true, defaultValue: 1 },
    { name: 'padding', label: 'Padding', kind: 'integer', min: 0, max: 8, optional: true, defaultValue: 0 },
  ],
  inPalette: true,
  starting: { filters: 16, kernelSize: 3, stride: 1, padding: 1 },
  describe: ({ filters, kernelSize, stride = 1, padding = 0 }) =>
    `conv ${kernelSize}×${kernelSize}, ${filters} filters${stride === 1 ? '' : `, stride ${stride}`}${padding === 0 ? '' : `, pad ${padding}`}`,
  inferShape: (inShape, spec, at) =>
    windowStep(inShape, spec.type, at.index, { kernel: spec.kernelSize, stride: spec.stride ?? 1, padding: spec.padding ?? 0, channels: spec.filters }),
  paramShapes: (spec, inShape) => [
    { name: 'weights', shape: [spec.filters, featureCount(inShape), spec.kernelSize, spec.kernelSize], init: 'fan', role: 'trained' },
    { name: 'bias', shape: [spec.filters], init: 'zeros', role: 'trained' },
  ],
  formula: (spec, inShape) => {
    const k = spec.kernelSize;
    const c = featureCount(inShape);
    return `${k}×${k}×${c}×${spec.filters} + ${spec.filters} = ${k * k * c * spec.filters + spec.filters}`;
  },
  flops: (spec, inShape, outShape) => 2 * spec.kernelSize * spec.kernelSize * featureCount(inShape) * shapeSize(outShape),
};
