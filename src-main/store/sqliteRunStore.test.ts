import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteRunStore } from './sqliteRunStore.js';
import { RunNotFoundError, RunStateError } from './storeErrors.js';
import {
  checkpointAt,
  completedRun,
  epochMetrics,
  newRun,
  openTestStore,
  resultsWith,
  withTempDir,
  type Mistake,
} from './testFixtures.js';

const MISTAKES: Mistake[] = [
  [1, 0, 0.9],
  [5, 0, 0.6],
  [6, 2, 0.75],
];

function rowCounts(db: Database.Database, runId: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of ['run_tags', 'epochs', 'checkpoints', 'run_results', 'misclassified']) {
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`).get(runId) as { n: number }).n;
  }
  return counts;
}

describe('a run from start to finish', () => {
  it('records epochs with checkpoints, then results, and reads them back', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun({ name: '  first run  ' }));
    const started = store.getRunSummary(runId);
    assert.equal(started.name, 'first run');
    assert.equal(started.status, 'running');
    assert.equal(started.epochsPlanned, 3);
    assert.equal(store.latestCheckpoint(runId), null);

    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    store.setStatus(runId, 'paused');
    store.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
    const checkpoint = store.latestCheckpoint(runId);
    assert.equal(checkpoint?.epoch, 2);
    assert.deepEqual(checkpoint?.weights, checkpointAt(2).weights);
    assert.deepEqual(checkpoint?.optimizerState, checkpointAt(2).optimizerState);
    store.setStatus(runId, 'running');

    const results = resultsWith(MISTAKES);
    const completed = store.completeRun(runId, results);
    assert.equal(completed.status, 'completed');
    assert.ok(completed.finishedAt !== null && completed.finishedAt > completed.createdAt);
    assert.equal(completed.epochsCompleted, 2);
    assert.equal(completed.bestValAccuracy, epochMetrics(2).valAccuracy);
    assert.equal(completed.durationMs, 3000);
    assert.equal(completed.testAccuracy, 9 / 12);

    const detail = store.getRun(runId);
    assert.deepEqual(detail.epochs, [epochMetrics(1), epochMetrics(2)]);
    assert.deepEqual(detail.architecture, newRun().architecture);
    assert.deepEqual(detail.hyperparameters, newRun().hyperparameters);
    assert.deepEqual(detail.dataset, newRun().dataset);
    assert.deepEqual(detail.results, {
      testLoss: results.testLoss,
      testAccuracy: results.testAccuracy,
      confusion: results.confusion,
      perClass: results.perClass,
      firstLayerFilters: results.firstLayerFilters,
      misclassifiedCount: 3,
    });
    assert.deepEqual(store.getPredictions(runId), results.predictions);
    assert.deepEqual(store.getFinalWeights(runId), results.finalWeights);
    assert.equal(store.latestCheckpoint(runId), null, 'a completed run keeps final weights, not a checkpoint');
    store.close();
  });

  it('has no results, predictions or weights before completing', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    assert.equal(store.getRun(runId).results, null);
    assert.equal(store.getPredictions(runId), null);
    assert.equal(store.getFinalWeights(runId), null);
    store.close();
  });

  it('takes epochs only in order and only while running or paused', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    assert.throws(() => store.commitEpoch(runId, epochMetrics(2), checkpointAt(2)), /next is epoch 1, not 2/);
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    assert.throws(() => store.commitEpoch(runId, epochMetrics(1), checkpointAt(1)), /next is epoch 2, not 1/);
    assert.throws(() => store.commitEpoch(runId, epochMetrics(2), checkpointAt(3)), /checkpoint\.epoch: is 3/);
    assert.throws(
      () => store.commitEpoch(runId, { ...epochMetrics(2), trainLoss: Number.NaN }, checkpointAt(2)),
      /metrics\.trainLoss: must be a finite number, got NaN/,
    );
    store.setStatus(runId, 'failed', 'out of memory');
    assert.throws(() => store.commitEpoch(runId, epochMetrics(2), checkpointAt(2)), RunStateError);
    const failed = store.getRunSummary(runId);
    assert.equal(failed.error, 'out of memory');
    assert.ok(failed.finishedAt !== null);
    store.close();
  });

  it('refuses to change a completed run or to complete it twice', () => {
    const { store } = openTestStore();
    const runId = completedRun(store, MISTAKES);
    assert.throws(() => store.setStatus(runId, 'running'), /completed; its status cannot change/);
    assert.throws(() => store.completeRun(runId, resultsWith(MISTAKES)), RunStateError);
    assert.throws(() => store.setStatus(runId, 'completed' as 'running'), /status: must be one of/);
    store.close();
  });

  it('rejects results that contradict themselves', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    const results = resultsWith(MISTAKES);
    assert.throws(
      () => store.completeRun(runId, { ...results, predictions: results.predictions.subarray(1) }),
      /results\.predictions: must hold one label per test image \(12/,
    );
    const lyingSample = { ...results.misclassified[0], predictedLabel: 2 };
    assert.throws(
      () => store.completeRun(runId, { ...results, misclassified: [lyingSample] }),
      /results\.misclassified\[0\]\.predictedLabel: 2 disagrees with predictions\[1\]/,
    );
    assert.equal(store.getRunSummary(runId).status, 'running');
    store.close();
  });

  it('reports unknown runs as not found', () => {
    const { store } = openTestStore();
    assert.throws(() => store.getRun(41), (error: Error) => error instanceof RunNotFoundError && error.code === 'not-found');
    assert.throws(() => store.commitEpoch(41, epochMetrics(1), checkpointAt(1)), RunNotFoundError);
    assert.throws(() => store.getRun(0), /runId: must be a positive whole number/);
    store.close();
  });
});

describe('crash safety', () => {
  it('commits an epoch and its checkpoint together or not at all', () => {
    const { store, db } = openTestStore();
    const runId = store.createRun(newRun());
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    // The checkpoint write fails after the epoch row went in, as a full disk would.
    db.exec(`CREATE TRIGGER checkpoint_fails BEFORE UPDATE ON checkpoints
             BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    assert.throws(() => store.commitEpoch(runId, epochMetrics(2), checkpointAt(2)), /disk full/);
    assert.deepEqual(store.getRun(runId).epochs, [epochMetrics(1)]);
    assert.equal(store.latestCheckpoint(runId)?.epoch, 1);
    assert.deepEqual(store.latestCheckpoint(runId)?.weights, checkpointAt(1).weights);

    db.exec('DROP TRIGGER checkpoint_fails');
    store.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
    assert.equal(store.getRunSummary(runId).epochsCompleted, 2);
    store.close();
  });

  it('completes a run in one transaction', () => {
    const { store, db } = openTestStore();
    const runId = store.createRun(newRun());
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    db.exec(`CREATE TRIGGER third_sample_fails BEFORE INSERT ON misclassified
             WHEN (SELECT count(*) FROM misclassified WHERE run_id = NEW.run_id) = 2
             BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    assert.throws(() => store.completeRun(runId, resultsWith(MISTAKES)), /disk full/);
    const summary = store.getRunSummary(runId);
    assert.equal(summary.status, 'running');
    assert.equal(summary.testAccuracy, null);
    assert.deepEqual(rowCounts(db, runId), { run_tags: 0, epochs: 1, checkpoints: 1, run_results: 0, misclassified: 0 });
    store.close();
  });

  it('marks runs a crashed process left running or paused as interrupted, saying why', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const crashed = openSqliteRunStore(file);
      const running = crashed.createRun(newRun({ name: 'running' }));
      crashed.commitEpoch(running, epochMetrics(1), checkpointAt(1));
      const paused = crashed.createRun(newRun({ name: 'paused' }));
      crashed.setStatus(paused, 'paused');
      const done = completedRun(crashed, MISTAKES);
      crashed.close();

      const reopened = openSqliteRunStore(file);
      assert.deepEqual(reopened.markInterruptedRuns(), [running, paused]);
      const interrupted = reopened.getRunSummary(running);
      assert.equal(interrupted.status, 'interrupted');
      assert.match(interrupted.error ?? '', /ended without finishing it while it was running .*continue it from epoch 1/);
      assert.ok(interrupted.finishedAt !== null);
      assert.equal(interrupted.epochsCompleted, 1, 'the committed epoch survives');
      assert.equal(reopened.latestCheckpoint(running)?.epoch, 1);
      assert.match(reopened.getRunSummary(paused).error ?? '', /while it was paused/);
      assert.equal(reopened.getRunSummary(done).status, 'completed');
      assert.deepEqual(reopened.markInterruptedRuns(), []);
      reopened.close();
    });
  });

  it('keeps everything across close and reopen', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const first = openSqliteRunStore(file);
      const runId = completedRun(first, MISTAKES);
      first.setTags(runId, ['baseline']);
      const before = first.getRun(runId);
      const weights = first.getFinalWeights(runId);
      first.close();

      const second = openSqliteRunStore(file);
      assert.deepEqual(second.getRun(runId), before);
      assert.deepEqual(second.getFinalWeights(runId), weights);
      assert.equal(second.getMisclassified(runId, {}).total, 3);
      second.close();
    });
  });
});

describe('runs owned by a live process', () => {
  it('are left alone when another process opens the database', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const trainer = openSqliteRunStore(file, { processId: 4242 });
      const live = trainer.createRun(newRun());
      const viewer = openSqliteRunStore(file, { isProcessAlive: (pid) => pid === 4242 });
      assert.deepEqual(viewer.markInterruptedRuns(), []);
      assert.equal(viewer.getRunSummary(live).status, 'running');
      const later = openSqliteRunStore(file, { isProcessAlive: () => false });
      assert.deepEqual(later.markInterruptedRuns(), [live]);
      for (const store of [trainer, viewer, later]) store.close();
    });
  });
});

describe('deleting', () => {
  it('removes the run and everything stored for it, and nothing of other runs', () => {
    const { store, db } = openTestStore();
    const doomed = completedRun(store, MISTAKES);
    store.setTags(doomed, ['a', 'b']);
    const kept = completedRun(store, MISTAKES);
    store.setTags(kept, ['a']);
    store.deleteRun(doomed);
    assert.deepEqual(rowCounts(db, doomed), { run_tags: 0, epochs: 0, checkpoints: 0, run_results: 0, misclassified: 0 });
    assert.deepEqual(rowCounts(db, kept), { run_tags: 1, epochs: 2, checkpoints: 0, run_results: 1, misclassified: 3 });
    assert.throws(() => store.getRun(doomed), RunNotFoundError);
    assert.throws(() => store.deleteRun(doomed), RunNotFoundError);
    store.close();
  });

  it('refuses to delete a run that is still running or paused', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    assert.throws(() => store.deleteRun(runId), /Run \d+ is running; stop it before deleting it/);
    store.setStatus(runId, 'stopped');
    store.deleteRun(runId);
    assert.deepEqual(store.listRuns(), []);
    store.close();
  });

  it('never reuses the id of a deleted run', () => {
    const { store } = openTestStore();
    const first = completedRun(store, []);
    store.deleteRun(first);
    assert.ok(store.createRun(newRun()) > first);
    store.close();
  });
});
