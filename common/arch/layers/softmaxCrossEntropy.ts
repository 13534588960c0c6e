// The loss head: softmax over the class scores and the cross-entropy.

import type { LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface SoftmaxCrossEntropySpec {
  type: 'softmaxCrossEntropy';
}

export const softmaxCrossEntropy: LayerDefinition<SoftmaxCrossEntropySpec> = {
  type: 'softmaxCrossEntropy',
  title: 'Softmax cross-entropy',
  description: 'Softmax over the class scores and the cross-entropy loss.',
  fields: [],
  inPalette: false,
  starting: {},
  describe: () => 'softmax cross-entropy',
  inferShape: (inShape, spec, at) => {
    if (!at.isLast) {
      return { error: { layerIndex: at.index, field: null, message: 'softmaxCrossEntropy is the loss: it must be the last layer' } };
    }
    const units = shapeSize(inShape);
    if (at.numClasses !== undefined && units !== at.numClasses) {
      return {
        error: {
          layerIndex: at.index,
          field: null,
          message: `the loss receives ${units} scores but the dataset has ${at.numClasses} classes: make the last dense layer ${at.numClasses} units`,
        },
      };
    }
    return { outShape: { kind: 'vector', units }, arithmetic: [] };
  },
  paramShapes: () => [],
  formula: () => '',
  // exp, sum, divide and log per class: a handful of operations each.
  flops: (_spec, _inShape, outShape) => 4 * shapeSize(outShape),
};
