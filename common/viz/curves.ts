// Training curves from per-epoch metrics: the series the charts draw and the
// best epoch they mark (highest validation accuracy, the epoch a person would
// keep; the earliest one when several tie).

import type { EpochMetrics } from '../runs.js';
import type { ChartPoint, LineSeries } from './chartMath.js';

export function bestEpoch(epochs: readonly EpochMetrics[]): number | null {
  let best: EpochMetrics | null = null;
  for (const metrics of epochs) {
    if (metrics.valAccuracy === null || !Number.isFinite(metrics.valAccuracy)) continue;
    if (best === null || metrics.valAccuracy > (best.valAccuracy as number)) best = metrics;
  }
  return best?.epoch ?? null;
}

function pointsOf(epochs: readonly EpochMetrics[], pick: (m: EpochMetrics) => number | null): ChartPoint[] {
  return epochs.flatMap((m) => {
    const value = pick(m);
    return value === null ? [] : [{ x: m.epoch, y: value }];
  });
}

/** Train and validation series for one run; validation is left out when the run holds none back. */
export function runCurves(epochs: readonly EpochMetrics[], prefix = ''): { loss: LineSeries[]; accuracy: LineSeries[] } {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const hasValidation = sorted.some((m) => m.valAccuracy !== null);
  const series = (pickTrain: (m: EpochMetrics) => number, pickVal: (m: EpochMetrics) => number | null): LineSeries[] => [
    { name: `${prefix}train`, points: pointsOf(sorted, pickTrain), dashed: true },
    ...(hasValidation ? [{ name: `${prefix}validation`, points: pointsOf(sorted, pickVal) }] : []),
  ];
  return {
    loss: series((m) => m.trainLoss, (m) => m.valLoss),
    accuracy: series((m) => m.trainAccuracy, (m) => m.valAccuracy),
  };
}

export interface ComparedRun {
  id: number;
  name: string;
  epochs: readonly EpochMetrics[];
}

/**
 * One line per run for the compare view, in the run's own colour: the
 * validation curve, or the training curve (dashed, named so) for a run that
 * held no validation data back, so no run silently disappears.
 */
export function comparisonSeries(runs: readonly ComparedRun[], metric: 'accuracy' | 'loss', colorOf: (index: number) => string): LineSeries[] {
  return runs.map((run, index) => {
    const curves = runCurves(run.epochs)[metric];
    const validation = curves.find((series) => series.name === 'validation');
    const chosen = validation ?? curves[0];
    return {
      name: `#${run.id} ${run.name}${validation ? '' : ' (train)'}`,
      points: chosen.points,
      color: colorOf(index),
      dashed: validation === undefined,
    };
  });
}
