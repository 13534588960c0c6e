// Layer-by-layer difference of two architectures for the compare view. The
// layers are aligned like a text diff, but an identical layer counts more than
// a layer of the same type with other settings, so removing one dense layer
// of two shows as "removed" rather than as "changed" plus "removed".

import type { ArchitectureSpec, LayerSpec } from '../arch/spec.js';
import { effectiveLayerFields } from './layerLabel.js';

export type LayerDiffKind = 'same' | 'changed' | 'added' | 'removed';

export interface FieldChange {
  field: string;
  before: number | string;
  after: number | string;
}

export interface LayerDiffRow {
  kind: LayerDiffKind;
  before: { index: number; layer: LayerSpec } | null;
  after: { index: number; layer: LayerSpec } | null;
  /** For 'changed': the settings that differ. */
  changes: FieldChange[];
}

export interface ArchitectureDiff {
  inputChanges: FieldChange[];
  rows: LayerDiffRow[];
}

const IDENTICAL = 3;
const SAME_TYPE = 1;

function fieldChanges(before: Record<string, number | string>, after: Record<string, number | string>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.filter((field) => before[field] !== after[field]).map((field) => ({ field, before: before[field], after: after[field] }));
}

function layerChanges(before: LayerSpec, after: LayerSpec): FieldChange[] {
  return fieldChanges(effectiveLayerFields(before), effectiveLayerFields(after));
}

function matchScore(before: LayerSpec, after: LayerSpec): number {
  if (before.type !== after.type) return -Infinity;
  return layerChanges(before, after).length === 0 ? IDENTICAL : SAME_TYPE;
}

/** best[i][j]: highest alignment score of before[i..] with after[j..]. */
function alignmentTable(before: readonly LayerSpec[], after: readonly LayerSpec[]): number[][] {
  const best = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], matchScore(before[i], after[j]) + best[i + 1][j + 1]);
    }
  }
  return best;
}

export function diffLayers(before: readonly LayerSpec[], after: readonly LayerSpec[]): LayerDiffRow[] {
  const best = alignmentTable(before, after);
  const rows: LayerDiffRow[] = [];
  let [i, j] = [0, 0];
  while (i < before.length || j < after.length) {
    const canMatch = i < before.length && j < after.length;
    if (canMatch && best[i][j] === matchScore(before[i], after[j]) + best[i + 1][j + 1]) {
      const changes = layerChanges(before[i], after[j]);
      rows.push({
        kind: changes.length === 0 ? 'same' : 'changed',
        before: { index: i, layer: before[i] },
        after: { index: j, layer: after[j] },
        changes,
      });
      [i, j] = [i + 1, j + 1];
    } else if (i < before.length && (j === after.length || best[i][j] === best[i + 1][j])) {
      rows.push({ kind: 'removed', before: { index: i, layer: before[i] }, after: null, changes: [] });
      i += 1;
    } else {
      rows.push({ kind: 'added', before: null, after: { index: j, layer: after[j] }, changes: [] });
      j += 1;
    }
  }
  return rows;
}

export function diffArchitectures(before: ArchitectureSpec, after: ArchitectureSpec): ArchitectureDiff {
  const inputChanges = fieldChanges({ ...before.input }, { ...after.input });
  return { inputChanges, rows: diffLayers(before.layers, after.layers) };
}
