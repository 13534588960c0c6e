// The in-memory picture of one run being watched: merged from the start
// reply, a catch-up query and the live events, in whatever order they arrive.

import type { RunProgressEvent } from '../../common/api/contract.js';
import type { EpochMetrics, RunDetail, RunStatus, RunSummary, StepPoint } from '../../common/runs.js';

/** Fractional epoch (0.5 is halfway through the first) with the training loss and accuracy of the steps just before it. */
export type BatchPoint = StepPoint;

export interface LiveRun {
  summary: RunSummary;
  progress: RunProgressEvent | null;
  epochs: EpochMetrics[];
  /** The training curve inside the epochs (from the store, then the progress events), for curves that grow step by step. */
  batchPoints: BatchPoint[];
}

/** Enough points for a smooth curve without keeping one per batch on large datasets. */
export const BATCH_POINTS_PER_EPOCH = 100;

export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'paused';
}

export function startLiveRun(summary: RunSummary): LiveRun {
  return { summary, progress: null, epochs: [], batchPoints: [] };
}

export function fromDetail(detail: RunDetail): LiveRun {
  const { architecture: _architecture, hyperparameters: _hyperparameters, epochs, results: _results, trainSteps, ...summary } = detail;
  return { summary, progress: null, epochs: [...epochs].sort((a, b) => a.epoch - b.epoch), batchPoints: mergePoints([], trainSteps ?? []) };
}

/** Points from the store and from events, in order, each position once (whichever arrived first stays). */
export function mergePoints(existing: readonly BatchPoint[], incoming: readonly BatchPoint[]): BatchPoint[] {
  if (incoming.length === 0) return existing as BatchPoint[];
  const last = existing.at(-1);
  if (!last || incoming.every((p) => p.x > last.x)) {
    const appended = [...existing];
    for (const point of incoming) if (appended.length === 0 || point.x > (appended.at(-1) as BatchPoint).x) appended.push(point);
    return appended;
  }
  const byPosition = new Map<number, BatchPoint>();
  for (const point of [...existing, ...incoming]) if (!byPosition.has(point.x)) byPosition.set(point.x, point);
  return [...byPosition.values()].sort((a, b) => a.x - b.x);
}

/** Adds or replaces the metrics of one epoch, keeping the list ordered. */
export function withEpoch(run: LiveRun, metrics: EpochMetrics): LiveRun {
  const epochs = [...run.epochs.filter((existing) => existing.epoch !== metrics.epoch), metrics].sort((a, b) => a.epoch - b.epoch);
  return { ...run, epochs, summary: { ...run.summary, epochsCompleted: Math.max(run.summary.epochsCompleted, metrics.epoch) } };
}

export function withProgress(run: LiveRun, progress: RunProgressEvent): LiveRun {
  // The engine's own stretches of steps: they do not restart at epoch boundaries as the running mean does.
  if (progress.steps !== undefined) return { ...run, progress, batchPoints: mergePoints(run.batchPoints, progress.steps) };
  if (progress.phase !== 'training' || progress.batches <= 0 || progress.batch <= 0) return { ...run, progress };
  const x = progress.epoch - 1 + progress.batch / progress.batches;
  const last = run.batchPoints[run.batchPoints.length - 1];
  const farEnough = !last || x - last.x >= 1 / BATCH_POINTS_PER_EPOCH || progress.batch === progress.batches;
  if (!farEnough || (last && x <= last.x)) return { ...run, progress };
  return { ...run, progress, batchPoints: [...run.batchPoints, { x, loss: progress.loss, accuracy: progress.accuracy }] };
}

/** Merges a catch-up detail into a run already followed; a finished status from an event is never undone by an older reply. */
export function withDetail(run: LiveRun, detail: RunDetail): LiveRun {
  const caughtUp = { ...detail.epochs.reduce(withEpoch, run), batchPoints: mergePoints(run.batchPoints, detail.trainSteps ?? []) };
  if (!isActive(run.summary.status)) return caughtUp;
  const summary = fromDetail(detail).summary;
  return { ...caughtUp, summary: { ...summary, epochsCompleted: Math.max(summary.epochsCompleted, caughtUp.summary.epochsCompleted) } };
}
