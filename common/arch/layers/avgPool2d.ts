// Average pooling: the mean of each window (no padding, so every window
// averages size² values).

import type { LayerDefinition } from '../layerDefinition.js';
import { POOLING_FIELDS, poolingStep } from '../slidingWindow.js';
import { shapeSize } from '../spec.js';

export interface AvgPool2dSpec {
  type: 'avgPool2d';
  size: number;
  stride?: number; // default: size
}

export const avgPool2d: LayerDefinition<AvgPool2dSpec> = {
  type: 'avgPool2d',
  title: 'Average pooling',
  description: 'Averages each window.',
  fields: POOLING_FIELDS,
  inPalette: true,
  starting: { size: 2, stride: 2 },
  initRole: 'transparent',
  describe: ({ size, stride = size }) => `avg-pool ${size}×${size}${stride === size ? '' : `, stride ${stride}`}`,
  inferShape: poolingStep,
  paramShapes: () => [],
  formula: () => '',
  flops: (spec, _inShape, outShape) => shapeSize(outShape) * spec.size * spec.size,
};
