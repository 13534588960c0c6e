// The loss head: softmax over the class scores and the cross-entropy.
//
// An optional logit scale s multiplies the scores first: the loss is the
// cross-entropy of softmax(s·logits), and the network's output everywhere
// (evaluation, predictions, exports) is softmax(s·logits). airbench ends its
// classifier with Mul(1/9) before the loss (Keller Jordan, "94% on CIFAR-10
// in 3.29 seconds"): a bias-free last layer's scores, kept small, train
// with a tempered softmax. Absent means 1, so older files are unchanged.

import type { LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface SoftmaxCrossEntropySpec {
  type: 'softmaxCrossEntropy';
  /** Multiplies the logits before the softmax, in (0, 100]; absent means 1. */
  logitScale?: number;
}

/** The factor the loss applies to its logits: 1 when the field is absent. */
export function logitScaleOf(spec: SoftmaxCrossEntropySpec): number {
  return spec.logitScale ?? 1;
}

export const softmaxCrossEntropy: LayerDefinition<SoftmaxCrossEntropySpec> = {
  type: 'softmaxCrossEntropy',
  title: 'Softmax cross-entropy',
  description: 'Softmax over the class scores (times the logit scale) and the cross-entropy loss.',
  fields: [{ name: 'logitScale', label: 'Logit scale', kind: 'number', min: 0, minExclusive: true, max: 100, optional: true, defaultValue: 1 }],
  inPalette: false,
  starting: {},
  describe: (spec) => {
    const scale = logitScaleOf(spec);
    // Six significant digits: 1/9 reads 0.111111, not seventeen digits.
    return scale === 1 ? 'softmax cross-entropy' : `softmax cross-entropy of logits × ${Number(scale.toPrecision(6))}`;
  },
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
  // exp, sum, divide and log per class: a handful of operations each (and the scale's multiply).
  flops: (spec, _inShape, outShape) => (logitScaleOf(spec) === 1 ? 4 : 5) * shapeSize(outShape),
};
