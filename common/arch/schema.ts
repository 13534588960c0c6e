// The schema of a layer's fields, as data: the validator walks it, the editor
// reads it to render inline inputs, and defaults live in one place. Each
// type's fields are declared in its definition (layers/<type>.ts).

import type { LayerType } from './spec.js';

export interface NumberField {
  name: string;
  label: string;
  kind: 'integer' | 'number';
  /** Exclusive lower bound when `minExclusive` (a scale that must stay positive), else inclusive. */
  min: number;
  minExclusive?: boolean;
  /** Exclusive upper bound when `maxExclusive`, else inclusive. */
  max: number;
  maxExclusive?: boolean;
  optional?: boolean;
  defaultValue?: number;
  /** An optional field that defaults to another field's value (pooling stride: its size). */
  defaultFrom?: string;
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

/** The value a field takes when the JSON leaves it out (stride of a pool defaults to its size). */
export function fieldValue(layer: Record<string, unknown>, field: NumberField): number {
  const value = layer[field.name];
  if (typeof value === 'number') return value;
  if (field.defaultFrom !== undefined) return layer[field.defaultFrom] as number;
  return field.defaultValue ?? 0;
}

/** What an empty optional field shows: its default, or `= size` for one that follows another field. */
export function fieldPlaceholder(field: NumberField): string | undefined {
  if (!field.optional) return undefined;
  return field.defaultFrom !== undefined ? `= ${field.defaultFrom}` : String(field.defaultValue ?? 0);
}
