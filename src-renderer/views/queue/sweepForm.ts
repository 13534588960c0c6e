// The sweep form's rows as typed, turned into a SweepRequest (or the first
// problem, for the person to fix). Pure: the panel binds to the rows.

import type { StartRunRequest } from '../../../common/api/contract.js';
import { LAYER_DEFINITIONS } from '../../../common/arch/layerRegistry.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { gridSize, parseSweepValues, type SweepAxis, type SweepRequest, type SweepTarget } from '../../../common/sweeps.js';

export interface SweepRow {
  /** 'hp:learningRate', 'schedule', 'layer:3:filters'. */
  target: string;
  values: string;
}

export interface TargetOption {
  value: string;
  label: string;
}

export function targetOptions(architecture: ArchitectureSpec): TargetOption[] {
  const options: TargetOption[] = [
    { value: 'hp:learningRate', label: 'Learning rate' },
    { value: 'hp:batchSize', label: 'Batch size' },
    { value: 'hp:weightDecay', label: 'Weight decay' },
    { value: 'hp:momentum', label: 'Momentum' },
    { value: 'schedule', label: 'Schedule' },
    { value: 'hp:seed', label: 'Seed' },
  ];
  architecture.layers.forEach((layer, index) => {
    for (const field of LAYER_DEFINITIONS[layer.type]?.fields ?? []) {
      options.push({ value: `layer:${index}:${field.name}`, label: `Layer ${index + 1} (${layer.type}) ${field.label.toLowerCase()}` });
    }
  });
  return options;
}

function targetOf(value: string): SweepTarget {
  if (value === 'schedule') return { kind: 'schedule' };
  const [kind, a, b] = value.split(':');
  if (kind === 'layer') return { kind: 'layer', layerIndex: Number(a), field: b };
  return { kind: 'hyperparameter', name: a as Extract<SweepTarget, { kind: 'hyperparameter' }>['name'] };
}

export function sweepAxes(rows: readonly SweepRow[]): SweepAxis[] {
  return rows.map((row) => ({ target: targetOf(row.target), values: parseSweepValues(row.values) }));
}

/** How many runs the form would queue (grid: the product of the value counts; random: the count asked for). */
export function plannedRuns(rows: readonly SweepRow[], mode: SweepRequest['mode'], count: number): number {
  if (rows.length === 0) return 0;
  return mode === 'grid' ? gridSize(sweepAxes(rows)) : count;
}

export function sweepRequest(base: StartRunRequest, rows: readonly SweepRow[], mode: SweepRequest['mode'], count: number, seed: number): SweepRequest {
  return mode === 'grid' ? { base, mode, axes: sweepAxes(rows) } : { base, mode, axes: sweepAxes(rows), count, seed };
}
