// Max pooling: the largest value of each window.

import type { LayerDefinition } from '../layerDefinition.js';
import { POOLING_FIELDS, poolingStep } from '../slidingWindow.js';
import { shapeSize } from '../spec.js';

export interface MaxPool2dSpec {
  type: 'maxPool2d';
  size: number;
  stride?: number; // default: size
}

export const maxPool2d: LayerDefinition<MaxPool2dSpec> = {
  type: 'maxPool2d',
  title: 'Max pooling',
  description: 'Keeps the largest value of each window.',
  fields: POOLING_FIELDS,
  inPalette: true,
  starting: { size: 2, stride: 2 },
  initRole: 'transparent',
  describe: ({ size, stride = size }) => `max-pool ${size}×${size}${stride === size ? '' : `, stride ${stride}`}`,
  inferShape: poolingStep,
  paramShapes: () => [],
  formula: () => '',
  flops: (spec, _inShape, outShape) => shapeSize(outShape) * spec.size * spec.size,
};
