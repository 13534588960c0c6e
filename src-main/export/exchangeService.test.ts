import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiError } from '../../common/api/contract.js';
import { allocateImageSet, type LoadedDataset } from '../../common/datasets.js';
import type { DatasetCache } from '../runs/datasetCache.js';
import { CLASS_NAMES, completedRun, openTestStore, trueLabelOf } from '../store/testFixtures.js';
import { createExchangeService } from './exchangeService.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-exchange-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The store fixtures' data: 40 training images (30 train, 10 validate at valSplit 0.25) and 12 test images of 2×2 pixels. */
function tinyDataset(trainCount: number): LoadedDataset {
  const set = (count: number) => {
    const images = allocateImageSet(count, 4);
    for (let i = 0; i < count; i++) {
      images.labels[i] = trueLabelOf(i);
      images.images.set([i * 7, 40, 90, 200].map((v) => v % 256), i * 4);
    }
    return images;
  };
  return {
    info: { id: 'mnist', name: 'MNIST', classNames: CLASS_NAMES, channels: 1, height: 2, width: 2, trainCount, testCount: 12, source: '/data/mnist' },
    train: set(trainCount),
    test: set(12),
  };
}

function service(trainCount = 40) {
  const { store } = openTestStore();
  const datasets = { load: async () => tinyDataset(trainCount) } as unknown as DatasetCache;
  return { store, api: createExchangeService({ store, datasets, databasePath: join(dir, 'runs.sqlite'), version: 'test' }) };
}

test('exports into a new folder beside the database each time unless told where', async () => {
  const { store, api } = service();
  const runId = completedRun(store, [[1, 2, 0.9]]);
  const first = await api.exportRunModel(runId, 'onnx');
  const second = await api.exportRunModel(runId, 'onnx');
  assert.equal(first.directory, join(dir, 'exports', `run-${runId}-onnx`));
  assert.equal(second.directory, join(dir, 'exports', `run-${runId}-onnx-2`));
  assert.ok(existsSync(join(second.directory, `run-${runId}.onnx`)));
  assert.equal(first.weightsAre, 'final weights');
  await assert.rejects(api.exportRunModel(runId, 'onnx', first.directory), (error: unknown) => {
    assert.ok(error instanceof ApiError && error.code === 'invalid-argument');
    assert.match(error.message, new RegExp(`already holds run-${runId}\\.onnx.*nothing was written`));
    return true;
  });
  await assert.rejects(api.exportRunModel(runId, 'keras' as never), /export format must be one of onnx, pytorch, got keras/);
});

test('refuses to export a run whose data is no longer what it trained on', async () => {
  const { store, api } = service(60);
  const runId = completedRun(store, []);
  await assert.rejects(api.exportRunModel(runId, 'pytorch', join(dir, 'changed')), (error: unknown) => {
    assert.ok(error instanceof ApiError && error.code === 'invalid-argument');
    assert.match(error.message, /data has changed since it trained: 30 training and 12 test images then, 45 and 12 now/);
    return true;
  });
  assert.ok(!existsSync(join(dir, 'changed')));
});

test('imports a metrics table as an external run, and says what a bad one lacks', async () => {
  const { store, api } = service();
  const file = join(dir, 'history.csv');
  writeFileSync(file, 'epoch,loss,accuracy,val_loss,val_accuracy\n0,2.1,0.31,2.0,0.35\n1,1.2,0.62,1.3,0.6\n');
  const { run, notes } = await api.importRunFile(file, 'Keras baseline');
  assert.equal(run.name, 'Keras baseline');
  assert.equal(run.external?.kind, 'metrics');
  assert.deepEqual(store.getRun(run.id).epochs.map((e) => [e.epoch, e.trainAccuracy, e.valLoss]), [[1, 0.31, 2.0], [2, 0.62, 1.3]]);
  assert.match(notes[0], /network, the recipe and test results are unknown/);
  writeFileSync(file, 'step,loss\n1,2.0\n');
  await assert.rejects(api.importRunFile(file), (error: unknown) => {
    assert.ok(error instanceof ApiError && error.code === 'invalid-argument');
    assert.match(error.message, /history\.csv has no epoch, accuracy column \(its columns: step, loss\)/);
    return true;
  });
  await assert.rejects(api.importRunFile(''), /give the path of a metrics file/);
});
