// The summary rows under the per-class table (the report's Table 1): the
// plain mean over classes, which treats every class alike, and the mean
// weighted by support, which matches what a random test image experiences.

import type { PerClassMetrics } from '../runs.js';

export interface ClassReportAverage {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function classReportAverages(rows: readonly PerClassMetrics[]): ClassReportAverage[] {
  const support = rows.reduce((sum, row) => sum + row.support, 0);
  const mean = (pick: (row: PerClassMetrics) => number) =>
    rows.length > 0 ? rows.reduce((sum, row) => sum + pick(row), 0) / rows.length : 0;
  const weighted = (pick: (row: PerClassMetrics) => number) =>
    support > 0 ? rows.reduce((sum, row) => sum + pick(row) * row.support, 0) / support : 0;
  return [
    { label: 'macro average', precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1), support },
    {
      label: 'weighted average',
      precision: weighted((r) => r.precision),
      recall: weighted((r) => r.recall),
      f1: weighted((r) => r.f1),
      support,
    },
  ];
}
