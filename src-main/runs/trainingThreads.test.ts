// Training threads outlive their runs (workers/training/keptThreads.ts): runs one after
// another train on the same coordinator thread, and with several workers on
// the same pool threads, to the same weights; a stopped run hands its thread
// on; closing ends the idle ones. (A thread that ran out of memory is not
// reused: resourceFailures.test.)

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StartRunRequest } from '../../common/api/contract.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { DatasetCache } from './datasetCache.js';
import { WIDE_NETWORK, trainingFolder } from './processTestFixtures.js';
import { RunManager } from './runManager.js';

function request(dataFolder: string, seed: number, workers: number): StartRunRequest {
  return {
    name: `reuse ${seed}`,
    architecture: structuredClone(WIDE_NETWORK),
    datasetId: `idx:${dataFolder}`,
    hyperparameters: {
      epochs: 1, batchSize: 16, learningRate: 0.05, optimizer: 'sgdMomentum', momentum: 0.9, weightDecay: 0,
      schedule: { kind: 'constant' }, seed, valSplit: 0.25, trainLimit: null, testLimit: null, workers,
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('runs one after another train on one kept thread, and give the weights a fresh thread gives', async (t) => {
  const folder = trainingFolder();
  const store = openSqliteRunStore(folder.db);
  const runs = new RunManager(store, new DatasetCache());
  t.after(async () => {
    await runs.close();
    store.close();
    folder.remove();
  });
  const data = join(folder.dir, 'data');
  const finalWeights: Float32Array[] = [];
  for (const [seed, workers] of [[5, 2], [6, 1], [5, 2], [7, 3]] as const) {
    const started = await runs.start(request(data, seed, workers));
    assert.equal((await runs.waitFor(started.id)).status, 'completed');
    await until(() => runs.trainingThreads().idle === 1, 'the thread to be released');
    assert.deepEqual(runs.trainingThreads(), { live: 1, idle: 1 });
    finalWeights.push(store.getFinalWeights(started.id)!);
  }
  // Run 3 repeats run 1 on the kept thread and kept pool threads: same seed, same weights, bit for bit.
  assert.deepEqual(finalWeights[2], finalWeights[0]);
  assert.notDeepEqual(finalWeights[1], finalWeights[0]);
});

test('a run stopped mid-training hands its thread on; closing ends every idle thread', async (t) => {
  const folder = trainingFolder();
  const store = openSqliteRunStore(folder.db);
  const runs = new RunManager(store, new DatasetCache());
  t.after(() => {
    store.close();
    folder.remove();
  });
  const data = join(folder.dir, 'data');
  const long = await runs.start({ ...request(data, 1, 2), hyperparameters: { ...request(data, 1, 2).hyperparameters, epochs: 500 } });
  runs.stop(long.id);
  assert.equal((await runs.waitFor(long.id)).status, 'stopped');
  await until(() => runs.trainingThreads().idle === 1, 'the stopped run’s thread to be released');
  const next = await runs.start(request(data, 2, 2));
  assert.equal((await runs.waitFor(next.id)).status, 'completed');
  assert.equal(runs.trainingThreads().live, 1);
  await runs.close();
  assert.deepEqual(runs.trainingThreads(), { live: 0, idle: 0 });
});
