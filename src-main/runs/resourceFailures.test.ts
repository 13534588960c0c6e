// When resources run out, runs end with a sentence and nothing else breaks:
// a training worker over its heap limit fails its run (the process, like the
// app, goes on training other runs), and a database that cannot grow (a full
// disk, simulated with SQLite's max_page_count) interrupts the run at the
// epoch it could not save, leaves the file intact, and lets it continue once
// there is room.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StartRunRequest } from '../../common/api/contract.js';
import type { RunStatus } from '../../common/runs.js';
import { openDatabase } from '../store/openDatabase.js';
import { openSqliteRunStore, SqliteRunStore } from '../store/sqliteRunStore.js';
import { DatasetCache } from './datasetCache.js';
import { WIDE_NETWORK, trainingFolder } from './processTestFixtures.js';
import { RunManager } from './runManager.js';

function request(dataFolder: string, epochs: number): StartRunRequest {
  return {
    name: 'resources',
    architecture: structuredClone(WIDE_NETWORK),
    datasetId: `idx:${dataFolder}`,
    hyperparameters: {
      epochs,
      batchSize: 16,
      learningRate: 0.05,
      optimizer: 'sgdMomentum',
      momentum: 0.9,
      weightDecay: 0,
      schedule: { kind: 'constant' },
      seed: 3,
      valSplit: 0.25,
      trainLimit: null,
      testLimit: null,
      workers: 1,
    },
  };
}

test('a training worker that runs out of memory fails its run with a sentence; the next run trains', async (t) => {
  const folder = trainingFolder();
  const store = openSqliteRunStore(folder.db);
  const datasets = new DatasetCache();
  const starved = new RunManager(store, datasets, { workerResourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } });
  const healthy = new RunManager(store, datasets);
  t.after(async () => {
    await starved.close();
    await healthy.close();
    store.close();
    folder.remove();
  });
  const data = join(folder.dir, 'data');
  const doomed = await starved.start(request(data, 2));
  const failed = await starved.waitFor(doomed.id);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error ?? '', /ran out of memory \(its limit is 4 MB of JavaScript heap\).*the app keeps running.*smaller batch size/);
  // The thread that ran out is ended, not kept for the next run.
  for (let waited = 0; starved.trainingThreads().live > 0 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(starved.trainingThreads(), { live: 0, idle: 0 });
  const next = await healthy.start(request(data, 1));
  assert.equal((await healthy.waitFor(next.id)).status, 'completed');
});

test('a full disk during an epoch commit interrupts the run, keeps the file intact and the run continuable', async (t) => {
  const folder = trainingFolder();
  const db = openDatabase(folder.db);
  const store = new SqliteRunStore(db);
  const runs = new RunManager(store, new DatasetCache());
  t.after(async () => {
    await runs.close();
    store.close();
    folder.remove();
  });
  const statuses: RunStatus[] = [];
  runs.on('status', (event) => statuses.push(event.status));
  // After the first epoch the file may not grow: the second checkpoint (2.4 MB) has nowhere to go.
  runs.on('epoch', (event) => {
    if (event.metrics.epoch === 1) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
  });
  const started = await runs.start(request(join(folder.dir, 'data'), 6));
  const ended = await runs.waitFor(started.id);
  assert.equal(ended.status, 'interrupted', JSON.stringify(ended));
  assert.match(ended.error ?? '', /the disk is full, so the last epoch could not be saved \(database or disk is full\)\. The epochs saved before it are intact/);
  assert.equal(statuses.at(-1), 'interrupted');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const stored = store.getRun(started.id);
  assert.equal(stored.status, 'interrupted');
  assert.deepEqual(stored.epochs.map((e) => e.epoch), [1]);
  assert.equal(store.latestCheckpoint(started.id)?.epoch, 1);

  db.pragma('max_page_count = 1073741823');
  await runs.continueRun(started.id);
  const finished = await runs.waitFor(started.id);
  assert.equal(finished.status, 'completed', finished.error ?? '');
  assert.equal(finished.epochsCompleted, 6);
});
