// Fully connected: y = W·x + b, W stored [units, inputs].

import type { LayerDefinition } from '../layerDefinition.js';
import { LIMITS } from '../schema.js';
import { shapeSize } from '../spec.js';

export interface DenseSpec {
  type: 'dense';
  units: number;
}

export const dense: LayerDefinition<DenseSpec> = {
  type: 'dense',
  title: 'Dense',
  description: 'Fully connected: y = W·x + b.',
  fields: [{ name: 'units', label: 'Units', kind: 'integer', min: 1, max: LIMITS.maxUnits }],
  inPalette: true,
  starting: { units: 10 },
  describe: ({ units }) => `dense ${units}`,
  inferShape: (_inShape, spec) => ({ outShape: { kind: 'vector', units: spec.units }, arithmetic: [] }),
  paramShapes: (spec, inShape) => [
    { name: 'weights', shape: [spec.units, shapeSize(inShape)], init: 'fan', role: 'trained' },
    { name: 'bias', shape: [spec.units], init: 'zeros', role: 'trained' },
  ],
  formula: (spec, inShape) => {
    const inputs = shapeSize(inShape);
    return `${inputs}×${spec.units} + ${spec.units} = ${inputs * spec.units + spec.units}`;
  },
  flops: (spec, inShape) => 2 * shapeSize(inShape) * spec.units,
};
