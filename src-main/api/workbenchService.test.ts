// The API implementation end to end, in-process: real datasets (a slice of
// MNIST), real training worker threads, a temporary SQLite database.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStatusEvent, StartRunRequest, WorkbenchApi } from '../../common/api/contract.js';
import { findPreset } from '../../common/arch/presets.js';
import type { RunStatus } from '../../common/runs.js';
import { idxImages, idxLabels, writeFiles } from '../datasets/testFixtures.js';
import { createWorkbenchService, type WorkbenchService } from './workbenchService.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-service-'));
let service: WorkbenchService;
let api: WorkbenchApi;

test.before(async () => {
  service = await createWorkbenchService({ databasePath: join(dir, 'runs.sqlite'), carrier: 'serve' });
  api = service.api;
});
test.after(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(overrides: Partial<StartRunRequest['hyperparameters']> = {}, name?: string): StartRunRequest {
  const preset = findPreset('mnist-baseline');
  assert.ok(preset);
  return {
    name,
    architecture: structuredClone(preset.architecture),
    datasetId: 'mnist',
    hyperparameters: { ...preset.recipe, epochs: 2, trainLimit: 320, testLimit: 200, valSplit: 0.2, batchSize: 32, workers: 2, ...overrides },
  };
}

/** The run's next `wanted` status; a failure or a 2-minute wait rejects instead of hanging the suite. */
function statusOf(runId: number, wanted: RunStatus): Promise<RunStatusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`run ${runId} did not reach ${wanted} within 2 minutes`));
    }, 120_000);
    // A status nobody waits for any more (the loser of a race) must not keep the test process alive.
    timer.unref();
    const unsubscribe = api.onRunStatus((event) => {
      if (event.runId !== runId) return;
      if (event.status === wanted || event.status === 'failed') {
        clearTimeout(timer);
        unsubscribe();
        if (event.status === wanted) resolve(event);
        else reject(new Error(`run ${runId} failed: ${event.error}`));
      }
    });
  });
}

test('a run trains in the background, streams progress and epochs, and stores its results', async () => {
  const epochs: number[] = [];
  let progressEvents = 0;
  const offEpoch = api.onRunEpoch((event) => epochs.push(event.metrics.epoch));
  const offProgress = api.onRunProgress(() => progressEvents++);
  const started = await api.startRun(request({}, 'first'));
  assert.equal(started.status, 'running');
  const completed = await statusOf(started.id, 'completed');
  offEpoch();
  offProgress();
  assert.deepEqual(epochs, [1, 2]);
  assert.ok(progressEvents > 0);
  const detail = await api.getRun(started.id);
  assert.equal(completed.summary.testAccuracy, detail.results?.testAccuracy);
  assert.equal(detail.dataset.trainCount, 256);
  assert.equal(detail.dataset.valCount, 64);
  assert.equal(detail.results?.confusion.counts.flat().reduce((a, b) => a + b, 0), 200);
  assert.equal(detail.results?.firstLayerFilters?.count, 16);
  const wrong = await api.getMisclassified(started.id, { sort: 'confidence-desc', limit: 5 });
  assert.equal(wrong.total, detail.results?.misclassifiedCount);
  assert.ok(wrong.samples.every((s) => s.trueLabel !== s.predictedLabel && s.pixels.base64.length > 0));
});

test('pause, resume and stop take effect between batches', async () => {
  const started = await api.startRun(request({ epochs: 30, trainLimit: 2000 }));
  const paused = statusOf(started.id, 'paused');
  await api.pauseRun(started.id);
  await paused;
  await assert.rejects(api.deleteRun(started.id), /still training/);
  const running = statusOf(started.id, 'running');
  await api.resumeRun(started.id);
  await running;
  const stopped = statusOf(started.id, 'stopped');
  await api.stopRun(started.id);
  const event = await stopped;
  assert.equal(event.summary.status, 'stopped');
  assert.ok(event.summary.epochsCompleted < 30);
  await assert.rejects(api.stopRun(started.id), /is not training/);
});

test('compare pairs runs on the same test set sample by sample', async () => {
  const second = await api.startRun(request({ seed: 2, learningRate: 0.1 }, 'second'));
  await statusOf(second.id, 'completed');
  const comparison = await api.compareRuns([1, second.id]);
  assert.equal(comparison.runs.length, 2);
  const pair = comparison.pairs[0];
  assert.equal(pair.sampleComparisonError, null);
  assert.equal(pair.recallDelta.length, 10);
  assert.equal(pair.confusionDelta.flat().reduce((a, b) => a + b, 0), 0, 'both confusion matrices count the same 200 images');
  const first = await api.getRun(1);
  const other = await api.getRun(second.id);
  const accuracyChange = (other.results?.testAccuracy ?? 0) - (first.results?.testAccuracy ?? 0);
  assert.equal((pair.otherRightBaselineWrong.total - pair.baselineRightOtherWrong.total) / 200, Math.round(accuracyChange * 200) / 200);
  await assert.rejects(api.compareRuns([1]), /between 2 and 8/);

  // Past the comparison's first page: the same order, page by page, to the end.
  const firstPage = pair.otherRightBaselineWrong;
  const paged: number[] = [];
  for (let offset = 0; offset < firstPage.total; offset += 7) {
    const page = await api.getDisagreements(1, second.id, { sort: 'confidence-desc', offset, limit: 7 });
    assert.equal(page.total, firstPage.total);
    paged.push(...page.samples.map((sample) => sample.testIndex));
  }
  assert.equal(paged.length, firstPage.total);
  assert.deepEqual(paged.slice(0, firstPage.samples.length), firstPage.samples.map((sample) => sample.testIndex));
  await assert.rejects(api.getDisagreements(1, 999, {}), /999/);
});

test('bad requests are refused with a sentence that names the problem, and nothing is stored', async () => {
  const before = (await api.listRuns()).length;
  const wrongClasses = request();
  wrongClasses.architecture.layers[7] = { type: 'dense', units: 7 };
  await assert.rejects(api.startRun(wrongClasses), /layer 9 \(softmaxCrossEntropy\): the loss receives 7 scores but the dataset has 10 classes/);
  await assert.rejects(api.startRun(request({ batchSize: 0 })), /batch size must be an integer/);
  await assert.rejects(api.startRun({ ...request(), datasetId: 'idx:/nowhere' }), /dataset idx:\/nowhere/);
  const cifarShaped = request();
  cifarShaped.architecture.input = { channels: 3, height: 32, width: 32 };
  await assert.rejects(api.startRun(cifarShaped), /expects 3×32×32 input but MNIST images are 1×28×28/);
  assert.equal((await api.listRuns()).length, before);
  await assert.rejects(api.renameRun(1, ''), /name/);
  await assert.rejects(api.getRun(999), /Run 999 does not exist/);
});

test('an imported dataset is offered again after the app restarts', async () => {
  const folder = join(dir, 'digits');
  mkdirSync(folder);
  await writeFiles(folder, {
    'train-images-idx3-ubyte': idxImages(40, 28, 28),
    'train-labels-idx1-ubyte': idxLabels(Array.from({ length: 40 }, (_, n) => n % 10)),
    't10k-images-idx3-ubyte': idxImages(20, 28, 28),
    't10k-labels-idx1-ubyte': idxLabels(Array.from({ length: 20 }, (_, n) => n % 10)),
  });
  const info = await api.importDataset(folder);
  assert.equal(info.id, `idx:${folder}`);
  assert.equal(info.trainCount, 40);
  await assert.rejects(api.importDataset(join(dir, 'nothing-here')), /nothing-here/);

  const reopened = await createWorkbenchService({ databasePath: join(dir, 'runs.sqlite'), carrier: 'serve' });
  try {
    const listed = await reopened.api.listDatasets();
    assert.deepEqual(
      listed.map((d) => d.id),
      ['mnist', 'cifar10', `idx:${folder}`],
    );
  } finally {
    await reopened.close();
  }
});

test('a stopped run continues from its last checkpoint to the weights an uninterrupted run reaches', async () => {
  // Epochs long enough (2,000 images) for the stop to land during epoch 2, even on a busy machine.
  const settings = { epochs: 3, seed: 5, trainLimit: 2000 };
  const whole = await api.startRun(request(settings, 'uninterrupted'));
  await statusOf(whole.id, 'completed');

  const broken = await api.startRun(request(settings, 'interrupted'));
  const ended = Promise.race([statusOf(broken.id, 'stopped'), statusOf(broken.id, 'completed')]);
  const off = api.onRunEpoch((event) => {
    if (event.runId === broken.id && event.metrics.epoch === 1) api.stopRun(broken.id).catch(() => undefined);
  });
  const event = await ended;
  off();
  assert.equal(event.status, 'stopped', 'the stop request landed before the run finished');
  assert.ok(event.summary.epochsCompleted >= 1 && event.summary.epochsCompleted < 3, `stopped after ${event.summary.epochsCompleted} epochs`);

  const completed = statusOf(broken.id, 'completed');
  await api.resumeRun(broken.id);
  await completed;
  assert.deepEqual(service.store.getFinalWeights(broken.id), service.store.getFinalWeights(whole.id));
  const [a, b] = [await api.getRun(whole.id), await api.getRun(broken.id)];
  assert.deepEqual(b.epochs.map((e) => e.trainLoss), a.epochs.map((e) => e.trainLoss));
  await assert.rejects(api.resumeRun(whole.id), /completed: there is nothing left to train/);
});
