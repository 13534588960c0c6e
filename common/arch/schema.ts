// The schema of every layer's fields, as data: the validator walks it, the
// editor reads it to render inline inputs, and defaults live in one place.

import type { LayerType } from './spec.js';

export interface NumberField {
  name: string;
  label: string;
  kind: 'integer' | 'number';
  min: number;
  /** Exclusive upper bound when `maxExclusive`, else inclusive. */
  max: number;
  maxExclusive?: boolean;
  optional?: boolean;
  defaultValue?: number;
}

export interface LayerSchema {
  type: LayerType;
  title: string;
  description: string;
  fields: NumberField[];
}

export const LIMITS = {
  maxLayers: 64,
  maxFilters: 1024,
  maxKernelSize: 15,
  maxUnits: 16384,
  maxInputSide: 512,
  maxInputChannels: 16,
  /** Above these the network cannot train in the memory of an ordinary desktop. */
  maxParameters: 50_000_000,
  maxActivationsPerImage: 8_000_000,
} as const;

export const LAYER_SCHEMAS: Record<LayerType, LayerSchema> = {
  conv2d: {
    type: 'conv2d',
    title: 'Convolution',
    description: 'Learned filters slid over the input feature map.',
    fields: [
      { name: 'filters', label: 'Filters', kind: 'integer', min: 1, max: LIMITS.maxFilters },
      { name: 'kernelSize', label: 'Kernel', kind: 'integer', min: 1, max: LIMITS.maxKernelSize },
      { name: 'stride', label: 'Stride', kind: 'integer', min: 1, max: 8, optional: true, defaultValue: 1 },
      { name: 'padding', label: 'Padding', kind: 'integer', min: 0, max: 8, optional: true, defaultValue: 0 },
    ],
  },
  maxPool2d: {
    type: 'maxPool2d',
    title: 'Max pooling',
    description: 'Keeps the largest value of each window.',
    fields: [
      { name: 'size', label: 'Size', kind: 'integer', min: 1, max: 8 },
      { name: 'stride', label: 'Stride', kind: 'integer', min: 1, max: 8, optional: true },
    ],
  },
  relu: { type: 'relu', title: 'ReLU', description: 'max(0, x), element-wise.', fields: [] },
  flatten: { type: 'flatten', title: 'Flatten', description: 'Feature map to a vector.', fields: [] },
  dense: {
    type: 'dense',
    title: 'Dense',
    description: 'Fully connected: y = W·x + b.',
    fields: [{ name: 'units', label: 'Units', kind: 'integer', min: 1, max: LIMITS.maxUnits }],
  },
  dropout: {
    type: 'dropout',
    title: 'Dropout',
    description: 'Zeroes inputs with probability rate while training (inverted scaling).',
    fields: [{ name: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true }],
  },
  softmaxCrossEntropy: {
    type: 'softmaxCrossEntropy',
    title: 'Softmax cross-entropy',
    description: 'Softmax over the class scores and the cross-entropy loss.',
    fields: [],
  },
};

/** The value a field takes when the JSON leaves it out (stride of a pool defaults to its size). */
export function fieldValue(layer: Record<string, unknown>, field: NumberField): number {
  const value = layer[field.name];
  if (typeof value === 'number') return value;
  if (layer.type === 'maxPool2d' && field.name === 'stride') return layer.size as number;
  return field.defaultValue ?? 0;
}
