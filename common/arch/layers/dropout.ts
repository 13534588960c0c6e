// Inverted dropout: zeroes inputs with probability rate while training.

import { sameShape, type LayerDefinition } from '../layerDefinition.js';

export interface DropoutSpec {
  type: 'dropout';
  rate: number; // probability of dropping, in [0, 1)
}

export const dropout: LayerDefinition<DropoutSpec> = {
  type: 'dropout',
  title: 'Dropout',
  description: 'Zeroes inputs with probability rate while training (inverted scaling).',
  fields: [{ name: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true }],
  inPalette: true,
  starting: { rate: 0.25 },
  initRole: 'transparent',
  describe: ({ rate }) => `dropout ${rate}`,
  inferShape: sameShape,
  paramShapes: () => [],
  formula: () => '',
  flops: () => 0,
};
