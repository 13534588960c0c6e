import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunProgressEvent } from '../../common/api/contract.js';
import type { EpochMetrics, RunDetail, RunSummary } from '../../common/runs.js';
import { BATCH_POINTS_PER_EPOCH, startLiveRun, withDetail, withEpoch, withProgress } from './liveRun.js';
import { runSummaryFixture } from './runSummaryFixture.js';

const summary: RunSummary = runSummaryFixture();

function epoch(n: number): EpochMetrics {
  return { epoch: n, trainLoss: 1 / n, trainAccuracy: 0.5, valLoss: null, valAccuracy: 0.6, learningRate: 0.1, durationMs: 10, imagesPerSecond: 100 };
}

function progress(epochNumber: number, batch: number, batches: number): RunProgressEvent {
  return { runId: 1, phase: 'training', epoch: epochNumber, epochs: 2, batch, batches, loss: 2, accuracy: 0.1, imagesPerSecond: 50, etaSeconds: 3 };
}

test('epochs arriving twice or out of order end up once each, in order', () => {
  const run = [epoch(2), epoch(1), epoch(2)].reduce(withEpoch, startLiveRun(summary));
  assert.deepEqual(run.epochs.map((e) => e.epoch), [1, 2]);
  assert.equal(run.summary.epochsCompleted, 2);
});

test('batch progress becomes points at fractional epochs, thinned on long epochs', () => {
  let run = startLiveRun(summary);
  run = withProgress(run, progress(1, 1, 4));
  run = withProgress(run, progress(1, 2, 4));
  run = withProgress(run, progress(2, 4, 4));
  assert.deepEqual(run.batchPoints.map((p) => p.x), [0.25, 0.5, 2]);
  let long = startLiveRun(summary);
  for (let batch = 1; batch <= 1000; batch++) long = withProgress(long, progress(1, batch, 1000));
  assert.ok(long.batchPoints.length <= BATCH_POINTS_PER_EPOCH + 1, `${long.batchPoints.length} points`);
  assert.equal(long.batchPoints.at(-1)!.x, 1, 'the last batch of an epoch is always kept');
});

test('progress outside the training phase updates the bar but adds no point', () => {
  const run = withProgress(startLiveRun(summary), { ...progress(1, 0, 4), phase: 'testing' });
  assert.equal(run.batchPoints.length, 0);
  assert.equal(run.progress?.phase, 'testing');
});

test('a stale catch-up reply does not undo a finished status from an event', () => {
  const finished = { ...startLiveRun(summary), summary: { ...summary, status: 'completed' as const, epochsCompleted: 2 } };
  const staleDetail = { ...summary, epochsCompleted: 1, architecture: null, hyperparameters: null, epochs: [epoch(1)], results: null } as unknown as RunDetail;
  const merged = withDetail(finished, staleDetail);
  assert.equal(merged.summary.status, 'completed');
  assert.deepEqual(merged.epochs.map((e) => e.epoch), [1]);
});

test('a catch-up reply fills in epochs missed before the run was followed', () => {
  const detail = { ...summary, epochsCompleted: 1, architecture: null, hyperparameters: null, epochs: [epoch(1)], results: null } as unknown as RunDetail;
  const merged = withDetail(withEpoch(startLiveRun(summary), epoch(2)), detail);
  assert.deepEqual(merged.epochs.map((e) => e.epoch), [1, 2]);
  assert.equal(merged.summary.epochsCompleted, 2);
});
