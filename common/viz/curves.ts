// Training curves from per-epoch metrics: the series the charts draw and the
// best epoch they mark (highest validation accuracy, the epoch a person would
// keep; the earliest one when several tie).

import type { EpochMetrics, StepPoint } from '../runs.js';
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

/** The training curve inside the epochs, ordered by position, points at the same x kept once. */
export function stepSeriesPoints(steps: readonly StepPoint[], pick: (p: StepPoint) => number): ChartPoint[] {
  const sorted = [...steps].sort((a, b) => a.x - b.x);
  return sorted.filter((p, i) => i === 0 || p.x !== sorted[i - 1].x).map((p) => ({ x: p.x, y: pick(p) }));
}

/**
 * Train and validation series for one run; validation is left out when the
 * run holds none back. With `steps` (the curve inside the epochs) the train
 * series follows every stored stretch of steps, and the per-epoch train
 * values stay as dashed points of reference.
 */
export function runCurves(epochs: readonly EpochMetrics[], prefix = '', steps: readonly StepPoint[] = []): { loss: LineSeries[]; accuracy: LineSeries[] } {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const hasValidation = sorted.some((m) => m.valAccuracy !== null);
  const series = (pickTrain: (m: EpochMetrics) => number, pickVal: (m: EpochMetrics) => number | null, pickStep: (p: StepPoint) => number): LineSeries[] => [
    ...(steps.length > 0 ? [{ name: `${prefix}train (per step)`, points: stepSeriesPoints(steps, pickStep) }] : []),
    { name: steps.length > 0 ? `${prefix}train (epoch)` : `${prefix}train`, points: pointsOf(sorted, pickTrain), dashed: true },
    ...(hasValidation ? [{ name: `${prefix}validation`, points: pointsOf(sorted, pickVal) }] : []),
  ];
  return {
    loss: series((m) => m.trainLoss, (m) => m.valLoss, (p) => p.loss),
    accuracy: series((m) => m.trainAccuracy, (m) => m.valAccuracy, (p) => p.accuracy),
  };
}

export interface ComparedRun {
  id: number;
  name: string;
  epochs: readonly EpochMetrics[];
  trainSteps?: readonly StepPoint[];
}

/** One line per run of the training curve inside the epochs (runs stored before steps were kept fall back to their per-epoch values). */
export function stepComparisonSeries(runs: readonly ComparedRun[], metric: 'accuracy' | 'loss', colorOf: (index: number) => string): LineSeries[] {
  return runs.map((run, index) => {
    const steps = run.trainSteps ?? [];
    const pick = metric === 'loss' ? (p: StepPoint) => p.loss : (p: StepPoint) => p.accuracy;
    const points = steps.length > 0 ? stepSeriesPoints(steps, pick) : runCurves(run.epochs)[metric][0].points;
    return { name: `#${run.id} ${run.name}${steps.length > 0 ? '' : ' (per epoch)'}`, points, color: colorOf(index), dashed: steps.length === 0 };
  });
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
