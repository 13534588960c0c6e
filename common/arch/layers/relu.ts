// ReLU: max(0, x), element-wise.

import { sameShape, type LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface ReluSpec {
  type: 'relu';
}

export const relu: LayerDefinition<ReluSpec> = {
  type: 'relu',
  title: 'ReLU',
  description: 'max(0, x), element-wise.',
  fields: [],
  inPalette: true,
  starting: {},
  initRole: 'rectifier',
  describe: () => 'ReLU',
  inferShape: sameShape,
  paramShapes: () => [],
  formula: () => '',
  flops: (_spec, _inShape, outShape) => shapeSize(outShape),
};
