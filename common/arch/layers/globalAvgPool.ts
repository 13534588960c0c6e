// Global average pooling: each channel's mean over the whole map, so a
// C×H×W feature map becomes a vector of C (the classifier head of modern CNNs).

import type { LayerDefinition } from '../layerDefinition.js';
import { needsMap } from '../slidingWindow.js';
import { shapeSize } from '../spec.js';

export interface GlobalAvgPoolSpec {
  type: 'globalAvgPool';
}

export const globalAvgPool: LayerDefinition<GlobalAvgPoolSpec> = {
  type: 'globalAvgPool',
  title: 'Global average pooling',
  description: 'Each channel’s mean over the whole map: a vector of channels.',
  fields: [],
  inPalette: true,
  starting: {},
  initRole: 'transparent',
  describe: () => 'global avg-pool',
  inferShape: (inShape, spec, at) => {
    if (inShape.kind !== 'map') return needsMap(inShape, spec.type, at.index);
    return {
      outShape: { kind: 'vector', units: inShape.channels },
      arithmetic: [`mean over ${inShape.height}×${inShape.width} per channel → ${inShape.channels}`],
    };
  },
  paramShapes: () => [],
  formula: () => '',
  flops: (_spec, inShape) => shapeSize(inShape),
};
