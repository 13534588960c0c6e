// The queue, sweeps, per-step curves and stopped-run durations through the
// real service: tiny MNIST slices, real training threads, a temporary database.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartRunRequest, WorkbenchApi } from '../../common/api/contract.js';
import { findPreset } from '../../common/arch/presets.js';
import type { QueueState } from '../../common/runQueue.js';
import type { RunSummary } from '../../common/runs.js';
import { createWorkbenchService, type WorkbenchService } from './workbenchService.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-saved-work-'));
const databasePath = join(dir, 'runs.sqlite');
let service: WorkbenchService;
let api: WorkbenchApi;

test.before(async () => {
  service = await createWorkbenchService({ databasePath, carrier: 'serve' });
  api = service.api;
});
test.after(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(overrides: Partial<StartRunRequest['hyperparameters']> = {}, name = 'tiny'): StartRunRequest {
  const preset = findPreset('mnist-baseline');
  assert.ok(preset);
  return {
    name,
    architecture: structuredClone(preset.architecture),
    datasetId: 'mnist',
    hyperparameters: { ...preset.recipe, epochs: 1, trainLimit: 96, testLimit: 32, valSplit: 0, batchSize: 16, workers: 1, ...overrides },
  };
}

/** Resolves once `count` runs have ended (completed, stopped or failed). */
function endedRuns(count: number): Promise<RunSummary[]> {
  const ended: RunSummary[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${ended.length} of ${count} runs ended within 3 minutes`)), 180_000);
    timer.unref();
    const unsubscribe = api.onRunStatus((event) => {
      if (event.status === 'running' || event.status === 'paused') return;
      ended.push(event.summary);
      if (ended.length === count) {
        clearTimeout(timer);
        unsubscribe();
        resolve(ended);
      }
    });
  });
}

test('a sweep fills the queue and its runs train one after another, each with its per-step curve', async () => {
  const changes: QueueState[] = [];
  const unsubscribe = api.onQueueChanged((state) => changes.push(state));
  const finished = endedRuns(2);
  const queued = await api.queueSweep({ base: request(), mode: 'grid', axes: [{ target: { kind: 'hyperparameter', name: 'seed' }, values: [1, 2] }] });
  assert.deepEqual(queued.map((q) => q.name), ['tiny · seed=1', 'tiny · seed=2']);
  const runs = await finished;
  unsubscribe();
  assert.deepEqual(runs.map((r) => [r.name, r.status]), [['tiny · seed=1', 'completed'], ['tiny · seed=2', 'completed']]);
  assert.deepEqual((await api.getQueue()).runs, []);
  assert.ok(changes.length >= 2, 'the queue announced its changes');
  const detail = await api.getRun(runs[0].id);
  // 96 images in batches of 16: one point per step.
  assert.equal(detail.trainSteps?.length, 6);
  assert.equal(detail.trainSteps?.at(-1)?.x, 1);
});

test('a run stopped inside its first epoch keeps the time it trained, and a bad queued run holds the queue with the reason', async () => {
  const stopped = endedRuns(1);
  const run = await api.startRun(request({ trainLimit: 4000, batchSize: 8 }, 'slow'));
  await new Promise<void>((resolve) => {
    const unsubscribe = api.onRunProgress((event) => {
      if (event.runId === run.id && event.phase === 'training' && event.batch >= 2) {
        unsubscribe();
        resolve();
      }
    });
  });
  await api.stopRun(run.id);
  const [summary] = await stopped;
  assert.equal(summary.status, 'stopped');
  assert.equal(summary.epochsCompleted, 0);
  assert.ok(summary.durationMs > 0, `a stopped run trained for some time, got ${summary.durationMs} ms`);

  const missing = await api.queueRun({ ...request(), datasetId: 'no-such-dataset' });
  const state = await waitForQueue((s) => s.held);
  assert.equal(state.runs[0].id, missing.id);
  assert.match(state.heldReason ?? '', /could not start/);
  assert.ok(state.runs[0].error);
  assert.deepEqual((await api.cancelQueuedRun(missing.id)).runs, []);
});

test('runs left waiting come back held after a restart', async () => {
  await api.queueRun(request({}, 'left'));
  // The queue starts it at once; queue one more behind the running one, then close.
  await api.queueRun(request({}, 'behind'));
  await service.close();
  service = await createWorkbenchService({ databasePath, carrier: 'serve' });
  api = service.api;
  const state = await api.getQueue();
  assert.equal(state.held, true);
  assert.ok(state.runs.some((r) => r.name === 'behind'));
  assert.match(state.heldReason ?? '', /waiting when the app last closed/);
  assert.deepEqual((await api.clearQueue()).runs, []);
});

function waitForQueue(predicate: (state: QueueState) => boolean): Promise<QueueState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the queue did not change as expected within 60 s')), 60_000);
    timer.unref();
    void api.getQueue().then((state) => {
      if (predicate(state)) {
        clearTimeout(timer);
        resolve(state);
      }
    });
    const unsubscribe = api.onQueueChanged((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}
