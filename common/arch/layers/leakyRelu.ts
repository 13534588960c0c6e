// Leaky ReLU: x where x > 0, slope·x elsewhere, so units below zero still learn.

import { sameShape, type LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface LeakyReluSpec {
  type: 'leakyRelu';
  slope?: number; // default 0.01
}

export const leakyRelu: LayerDefinition<LeakyReluSpec> = {
  type: 'leakyRelu',
  title: 'Leaky ReLU',
  description: 'x above zero, slope·x below, element-wise.',
  fields: [{ name: 'slope', label: 'Slope', kind: 'number', min: 0, max: 1, maxExclusive: true, optional: true, defaultValue: 0.01 }],
  inPalette: true,
  starting: { slope: 0.01 },
  initRole: 'rectifier',
  describe: ({ slope = 0.01 }) => `leaky ReLU ${slope}`,
  inferShape: sameShape,
  paramShapes: () => [],
  formula: () => '',
  flops: (_spec, _inShape, outShape) => 2 * shapeSize(outShape),
};
