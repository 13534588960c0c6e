import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunProgressEvent } from '../../common/api/contract.js';
import type { RunDetail } from '../../common/runs.js';
import { fromDetail, mergePoints, withDetail, withProgress } from './liveRun.js';
import { runSummaryFixture } from './runSummaryFixture.js';

const detail: RunDetail = {
  ...runSummaryFixture({ epochsCompleted: 1 }),
  architecture: null,
  hyperparameters: null,
  epochs: [],
  trainSteps: [
    { x: 0.5, loss: 2, accuracy: 0.2 },
    { x: 1, loss: 1.5, accuracy: 0.4 },
    { x: 1.25, loss: 1.4, accuracy: 0.5 },
  ],
  results: null,
};

function progress(steps: RunProgressEvent['steps']): RunProgressEvent {
  return { runId: 1, phase: 'training', epoch: 2, epochs: 2, batch: 3, batches: 4, loss: 9, accuracy: 0, imagesPerSecond: 1, etaSeconds: 1, steps };
}

test('a reload rebuilds the whole live curve from the store, then events extend it', () => {
  const reloaded = fromDetail(detail);
  assert.deepEqual(reloaded.batchPoints.map((p) => p.x), [0.5, 1, 1.25]);
  const extended = withProgress(reloaded, progress([{ x: 1.5, loss: 1.2, accuracy: 0.6 }]));
  assert.deepEqual(extended.batchPoints.map((p) => p.x), [0.5, 1, 1.25, 1.5]);
  // The engine's points, not the running mean of the event (9): nothing drops at an epoch boundary.
  assert.deepEqual(extended.batchPoints.map((p) => p.loss), [2, 1.5, 1.4, 1.2]);
  assert.equal(withProgress(extended, progress([])).batchPoints, extended.batchPoints);
});

test('points seen live and points from a catch-up reply merge without repeats', () => {
  const live = withProgress(fromDetail({ ...detail, trainSteps: [] }), progress([{ x: 1.25, loss: 1.4, accuracy: 0.5 }, { x: 1.5, loss: 1.2, accuracy: 0.6 }]));
  const merged = withDetail(live, detail);
  assert.deepEqual(merged.batchPoints.map((p) => p.x), [0.5, 1, 1.25, 1.5]);
  assert.deepEqual(mergePoints([], []), []);
});
