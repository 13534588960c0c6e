// Image-folder datasets through the API, in-process: import with progress,
// the browser's overview, a real run on the imported pictures with every
// result the MNIST runs have, and deleting the dataset while its runs stay.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunStatusEvent, WorkbenchApi } from '../../common/api/contract.js';
import { findPreset } from '../../common/arch/presets.js';
import { parseDatasetId, type ImageImportProgress } from '../../common/datasets.js';
import { writeClassFolders } from '../datasets/imageFolder/imageFixtures.js';
import { exportRun } from '../store/exportRun.js';
import { createWorkbenchService, type WorkbenchService } from './workbenchService.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-dataset-api-'));
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

function finished(runId: number): Promise<RunStatusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not finish within 2 minutes`)), 120_000);
    timer.unref();
    const off = api.onRunStatus((event) => {
      if (event.runId !== runId || event.status === 'running') return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

test('an image folder imports with progress, trains, and has per-class metrics, confusion, gallery and export like MNIST', async () => {
  const folder = join(dir, 'shapes');
  await writeClassFolders(folder, ['circle', 'square', 'triangle'], { perClass: 12, width: 20, height: 16 });
  const progress: ImageImportProgress[] = [];
  const off = api.onDatasetImportProgress((event) => progress.push(event));
  const info = await api.importDataset(folder, { height: 32, channels: 3, name: 'Shapes' });
  off();
  assert.equal(progress.at(-1)?.phase, 'decode');
  assert.deepEqual([progress.at(-1)?.done, progress.at(-1)?.total, progress.at(-1)?.source], [36, 36, folder]);
  assert.equal(info.name, 'Shapes');
  assert.deepEqual(info.classNames, ['circle', 'square', 'triangle']);
  assert.ok((await api.listDatasets()).some((d) => d.id === info.id), 'the listing offers it');

  const overview = await api.getDatasetOverview(info.id);
  assert.deepEqual(overview.classCounts.train, [10, 10, 10]);
  assert.deepEqual(overview.classCounts.test, [2, 2, 2]);
  assert.deepEqual(overview.samples.map((s) => s.label), [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
  assert.equal(Buffer.from(overview.samples[0].pixels.base64, 'base64').length, 3 * 32 * 32);

  const preset = findPreset('cifar-best');
  assert.ok(preset);
  const architecture = structuredClone(preset.architecture);
  const mismatch = api.startRun({ architecture, datasetId: info.id, hyperparameters: { ...preset.recipe, epochs: 1, workers: 1 } });
  await assert.rejects(mismatch, /receives 10 scores but the dataset has 3 classes: make the last dense layer 3 units/);
  const last = architecture.layers.findLast((layer) => layer.type === 'dense');
  assert.ok(last && last.type === 'dense');
  last.units = 3;
  const run = await api.startRun({ architecture, datasetId: info.id, hyperparameters: { ...preset.recipe, epochs: 2, batchSize: 10, workers: 1, valSplit: 0.2 } });
  assert.equal(run.dataset.id, info.id);
  assert.deepEqual([run.dataset.trainCount, run.dataset.valCount, run.dataset.testCount], [24, 6, 6]);
  const done = await finished(run.id);
  assert.equal(done.status, 'completed', done.error ?? '');

  const detail = await api.getRun(run.id);
  assert.deepEqual(detail.results?.confusion.classNames, ['circle', 'square', 'triangle']);
  assert.equal(detail.results?.perClass.length, 3);
  const gallery = await api.getMisclassified(run.id, {});
  for (const sample of gallery.samples) {
    assert.deepEqual([sample.pixels.channels, sample.pixels.height, sample.pixels.width], [3, 32, 32]);
  }
  assert.match(exportRun(service.store, run.id, 'csv'), /circle/);
  const other = await api.startRun({ architecture, datasetId: info.id, hyperparameters: { ...preset.recipe, epochs: 1, batchSize: 10, workers: 1, seed: 7 } });
  assert.equal((await finished(other.id)).status, 'completed');
  const comparison = await api.compareRuns([run.id, other.id]);
  assert.equal(comparison.pairs[0].sampleComparisonError, null, 'both runs tested on the same imported test set');
  assert.equal(comparison.pairs[0].recallDelta.length, 3);

  const cacheFile = parseDatasetId(info.id).kind === 'images' ? (parseDatasetId(info.id) as { cacheFile: string }).cacheFile : '';
  assert.ok(existsSync(cacheFile));
  await api.deleteDataset(info.id);
  assert.ok(!existsSync(cacheFile), 'the decoded copy is deleted with the dataset');
  assert.ok(!(await api.listDatasets()).some((d) => d.id === info.id));
  assert.equal((await api.getRun(run.id)).results?.testAccuracy, detail.results?.testAccuracy, 'the run keeps its results');
  await assert.rejects(api.deleteDataset('mnist'), /mnist is built in and cannot be deleted/);
  await assert.rejects(api.deleteDataset(info.id), /no imported dataset has the id/);
});

test('an import can be cancelled through the API, and serve mode has no file dialog', async () => {
  const folder = join(dir, 'many');
  await writeClassFolders(folder, ['a', 'b'], { perClass: 60, formats: ['png'] });
  const off = api.onDatasetImportProgress((event) => {
    if (event.phase === 'decode') void api.cancelDatasetImport(folder);
  });
  await assert.rejects(api.importDataset(folder, { height: 16 }), /cancelled; nothing was stored/);
  off();
  assert.equal(await api.cancelDatasetImport(folder), false, 'nothing left to cancel');
  await assert.rejects(api.chooseDatasetPath('folder'), /serve mode has no file dialog/);
  await assert.rejects(api.importDataset(folder, { height: 2 }), /height must be a whole number of pixels from 4 to 512, got 2/);
});
