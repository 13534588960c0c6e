// Flatten: a feature map read as its NCHW-contiguous vector.

import type { LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface FlattenSpec {
  type: 'flatten';
}

export const flatten: LayerDefinition<FlattenSpec> = {
  type: 'flatten',
  title: 'Flatten',
  description: 'Feature map to a vector.',
  fields: [],
  inPalette: true,
  starting: {},
  initRole: 'transparent',
  describe: () => 'flatten',
  inferShape: (inShape) => {
    const units = shapeSize(inShape);
    const arithmetic = inShape.kind === 'map' ? [`${inShape.channels}·${inShape.height}·${inShape.width} = ${units}`] : [];
    return { outShape: { kind: 'vector', units }, arithmetic };
  },
  paramShapes: () => [],
  formula: () => '',
  flops: () => 0,
};
