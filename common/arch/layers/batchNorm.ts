// Batch normalisation over each channel of a feature map (or each unit of a
// vector): y = γ·(x − μ)/√(σ² + ε) + β. While training μ and σ² are the
// statistics of the images computed together (a chunk; see
// workers/layers/batchNorm.ts); for evaluation the running averages, updated
// after each step as r ← (1 − momentum)·r + momentum·(batch statistic).

import { featureCount, sameShape, type LayerDefinition } from '../layerDefinition.js';
import { shapeSize } from '../spec.js';

export interface BatchNormSpec {
  type: 'batchNorm';
  momentum?: number; // default 0.1, PyTorch's convention
  epsilon?: number; // default 1e-5
}

export const BATCH_NORM_DEFAULTS = { momentum: 0.1, epsilon: 1e-5 } as const;

export const batchNorm: LayerDefinition<BatchNormSpec> = {
  type: 'batchNorm',
  title: 'Batch normalization',
  description: 'Normalises each channel by batch statistics, then scales and shifts (learned).',
  fields: [
    { name: 'momentum', label: 'Momentum', kind: 'number', min: 0, max: 1, optional: true, defaultValue: BATCH_NORM_DEFAULTS.momentum },
    { name: 'epsilon', label: 'Epsilon', kind: 'number', min: 1e-12, max: 1, optional: true, defaultValue: BATCH_NORM_DEFAULTS.epsilon },
  ],
  inPalette: true,
  starting: {},
  initRole: 'transparent',
  describe: ({ momentum = BATCH_NORM_DEFAULTS.momentum }) => `batch norm${momentum === BATCH_NORM_DEFAULTS.momentum ? '' : `, momentum ${momentum}`}`,
  inferShape: sameShape,
  paramShapes: (_spec, inShape) => {
    const c = [featureCount(inShape)];
    return [
      { name: 'scale', shape: c, init: 'ones', role: 'trained' },
      { name: 'shift', shape: c, init: 'zeros', role: 'trained' },
      { name: 'runningMean', shape: c, init: 'zeros', role: 'statistic' },
      { name: 'runningVariance', shape: c, init: 'ones', role: 'statistic' },
    ];
  },
  formula: (_spec, inShape) => {
    const c = featureCount(inShape);
    return `2×${c} = ${2 * c} (+ ${2 * c} running statistics, not trained)`;
  },
  // Subtract, multiply by the folded scale, add: 3 operations a value at evaluation.
  flops: (_spec, _inShape, outShape) => 3 * shapeSize(outShape),
};
