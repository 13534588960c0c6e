import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../../common/runs.js';
import { startLiveRun, withEpoch, withProgress } from '../../state/liveRun.js';
import { liveCurves } from './liveSeries.js';

const summary = { id: 1, status: 'running', epochsCompleted: 0 } as RunSummary;

test('running points and per-epoch points become separate series; validation appears once measured', () => {
  let run = startLiveRun(summary);
  run = withProgress(run, { runId: 1, phase: 'training', epoch: 1, epochs: 2, batch: 1, batches: 2, loss: 2.3, accuracy: 0.1, imagesPerSecond: 1, etaSeconds: 1 });
  let curves = liveCurves(run);
  assert.deepEqual(curves.loss.map((s) => s.points.length), [1, 0]);
  assert.equal(curves.accuracy.length, 2, 'no validation series before the first epoch ends');
  run = withEpoch(run, { epoch: 1, trainLoss: 1.2, trainAccuracy: 0.6, valLoss: 1.3, valAccuracy: 0.55, learningRate: 0.05, durationMs: 1, imagesPerSecond: 1 });
  curves = liveCurves(run);
  assert.deepEqual(curves.accuracy.at(-1)!.points, [{ x: 1, y: 0.55 }]);
  assert.deepEqual(curves.loss.at(-1)!.points, [{ x: 1, y: 1.3 }]);
  assert.equal(curves.pointCount, 2);
});

test('series names are unique, since charts key their lines by name', () => {
  const curves = liveCurves(withEpoch(startLiveRun(summary), { epoch: 1, trainLoss: 1, trainAccuracy: 0.5, valLoss: 1, valAccuracy: 0.5, learningRate: 0.1, durationMs: 1, imagesPerSecond: 1 }));
  for (const group of [curves.loss, curves.accuracy]) {
    assert.equal(new Set(group.map((s) => s.name)).size, group.length);
  }
});
