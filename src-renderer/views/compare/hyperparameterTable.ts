// The compared runs as rows of hyperparameters and results: sortable by any
// column, and the numeric columns offered as the scatter's x axis against
// test accuracy. Pure, so sorting and axis choice are tested without a DOM.

import type { RunDetail } from '../../../common/runs.js';

export const TABLE_COLUMNS = [
  { key: 'name', label: 'Run', numeric: false },
  { key: 'learningRate', label: 'Learning rate', numeric: true },
  { key: 'batchSize', label: 'Batch size', numeric: true },
  { key: 'weightDecay', label: 'Weight decay', numeric: true },
  { key: 'momentum', label: 'Momentum', numeric: true },
  { key: 'schedule', label: 'Schedule', numeric: false },
  { key: 'seed', label: 'Seed', numeric: true },
  { key: 'epochs', label: 'Epochs', numeric: true },
  { key: 'paramCount', label: 'Parameters', numeric: true },
  { key: 'bestValAccuracy', label: 'Best validation', numeric: true },
  { key: 'testAccuracy', label: 'Test accuracy', numeric: true },
] as const;

export type ColumnKey = (typeof TABLE_COLUMNS)[number]['key'];

export type HyperparameterRow = { id: number; colorIndex: number } & Record<ColumnKey, string | number | null>;

export function hyperparameterRows(runs: readonly RunDetail[]): HyperparameterRow[] {
  return runs.map((run, colorIndex) => {
    const h = run.hyperparameters;
    return {
      id: run.id,
      colorIndex,
      name: `#${run.id} ${run.name}`,
      learningRate: h?.learningRate ?? null,
      batchSize: h?.batchSize ?? null,
      weightDecay: h?.weightDecay ?? null,
      momentum: h?.momentum ?? null,
      schedule: h?.schedule.kind ?? null,
      seed: h?.seed ?? null,
      epochs: run.epochsCompleted,
      paramCount: run.paramCount,
      bestValAccuracy: run.bestValAccuracy,
      testAccuracy: run.testAccuracy,
    };
  });
}

export interface TableSort {
  key: ColumnKey;
  descending: boolean;
}

/** Missing values sort last either way; ties keep the comparison's order. */
export function sortRows(rows: readonly HyperparameterRow[], sort: TableSort): HyperparameterRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null || y === null) return x === y ? a.colorIndex - b.colorIndex : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a.colorIndex - b.colorIndex : sign * order;
  });
}

/** Clicking the sorted column flips it; another column sorts by it, numbers high first. */
export function nextTableSort(current: TableSort, key: ColumnKey): TableSort {
  if (current.key === key) return { key, descending: !current.descending };
  const numeric = TABLE_COLUMNS.find((column) => column.key === key)?.numeric ?? false;
  return { key, descending: numeric };
}

/** Numeric hyperparameters that differ between the runs: the axes worth plotting. */
export function varyingAxes(rows: readonly HyperparameterRow[]): ColumnKey[] {
  const candidates: ColumnKey[] = ['learningRate', 'batchSize', 'weightDecay', 'momentum', 'seed', 'epochs', 'paramCount'];
  return candidates.filter((key) => new Set(rows.map((row) => row[key]).filter((v) => v !== null)).size > 1);
}

/** A log scale when every value is positive and they span more than a factor of 20 (learning rates, weight decays). */
export function wantsLogScale(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => v <= 0)) return false;
  return Math.max(...values) / Math.min(...values) > 20;
}
