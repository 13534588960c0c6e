// Run states as every reader sees them: a running run whose owner is gone
// reads as interrupted at once (no writer has to open the database first),
// a reused pid is not mistaken for the owner, and only the owner records
// epochs. Owners are simulated with a probe; childProcessRuns.test.ts and
// killTest.test.ts use real processes.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HEARTBEAT_LEASE_MS, type LivenessProbe } from './processLiveness.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './openDatabase.js';
import { openSqliteRunStore, type SqliteRunStoreOptions } from './sqliteRunStore.js';
import { checkpointAt, completedRun, epochMetrics, newRun, withTempDir } from './testFixtures.js';

/** A pretend machine: which pids exist, when each started, and a clock. */
class FakeMachine {
  readonly started = new Map<number, string | null>();
  clock = 1_000_000;

  spawn(pid: number, start: string | null): void {
    this.started.set(pid, start);
  }

  kill(pid: number): void {
    this.started.delete(pid);
  }

  probe(): LivenessProbe {
    return {
      exists: (pid) => this.started.has(pid),
      startOf: (pid) => this.started.get(pid) ?? null,
      now: () => this.clock,
    };
  }

  as(pid: number): SqliteRunStoreOptions {
    return { processId: pid, probe: this.probe() };
  }
}

describe('run liveness', () => {
  it('a run whose trainer died reads as interrupted in every read, before any writer opens the file', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const machine = new FakeMachine();
      machine.spawn(100, 'boot:1');
      machine.spawn(200, 'boot:2');
      const trainer = openSqliteRunStore(file, machine.as(100));
      const runId = trainer.createRun(newRun());
      trainer.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
      trainer.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
      const reader = openSqliteRunStore(file, machine.as(200));
      assert.equal(reader.getRunSummary(runId).status, 'running');

      machine.kill(100);
      const summary = reader.getRunSummary(runId);
      assert.equal(summary.status, 'interrupted');
      assert.match(summary.error ?? '', /pid 100\) ended without finishing it while it was running .*2 committed epochs are kept: continue it from epoch 2/);
      assert.equal(reader.getRun(runId).status, 'interrupted');
      assert.deepEqual(reader.listRuns().map((run) => run.status), ['interrupted']);
      assert.deepEqual(reader.listRuns({ status: 'interrupted' }).map((run) => run.id), [runId]);
      assert.deepEqual(reader.listRuns({ status: 'running' }), []);
      // Nothing was written: the stored row still says running until a writer records it.
      const raw = new Database(file, { readonly: true });
      assert.equal((raw.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string }).status, 'running');
      raw.close();
      // A dead run can be deleted without being stopped first.
      assert.doesNotThrow(() => reader.deleteRun(runId));
      for (const store of [trainer, reader]) store.close();
    });
  });

  it('a reused pid is not the owner: the start time tells them apart', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const machine = new FakeMachine();
      machine.spawn(100, 'boot:1');
      const trainer = openSqliteRunStore(file, machine.as(100));
      const runId = trainer.createRun(newRun());
      machine.kill(100);
      machine.spawn(100, 'boot:999');
      machine.spawn(300, 'boot:3');
      const reader = openSqliteRunStore(file, machine.as(300));
      assert.equal(reader.getRunSummary(runId).status, 'interrupted');
      assert.deepEqual(reader.markInterruptedRuns(), [runId]);
      assert.equal(reader.getRunSummary(runId).status, 'interrupted');
      for (const store of [trainer, reader]) store.close();
    });
  });

  it('where start times are unknown, a heartbeat older than the lease means the owner is gone', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const machine = new FakeMachine();
      machine.spawn(100, null);
      machine.spawn(300, null);
      const trainer = openSqliteRunStore(file, machine.as(100));
      const reader = openSqliteRunStore(file, machine.as(300));
      const runId = trainer.createRun(newRun());
      machine.clock += HEARTBEAT_LEASE_MS - 1;
      assert.equal(reader.getRunSummary(runId).status, 'running');
      trainer.heartbeat([runId]);
      machine.clock += HEARTBEAT_LEASE_MS - 1;
      assert.equal(reader.getRunSummary(runId).status, 'running', 'the heartbeat renewed the lease');
      machine.clock += 2;
      assert.equal(reader.getRunSummary(runId).status, 'interrupted', 'a pid that exists but has not beaten (reused) is not trusted');
      for (const store of [trainer, reader]) store.close();
    });
  });

  it('only the owner records epochs; continuing elsewhere takes the run over', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const machine = new FakeMachine();
      machine.spawn(100, 'boot:1');
      machine.spawn(200, 'boot:2');
      const first = openSqliteRunStore(file, machine.as(100));
      const second = openSqliteRunStore(file, machine.as(200));
      const runId = first.createRun(newRun());
      first.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
      assert.throws(() => second.commitEpoch(runId, epochMetrics(2), checkpointAt(2)), /trained by another process \(pid 100\)/);
      assert.throws(() => second.setStatus(runId, 'stopped'), /running in another process \(pid 100\)/);
      machine.kill(100);
      assert.equal(second.getRunSummary(runId).status, 'interrupted');
      second.setStatus(runId, 'running');
      second.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
      assert.equal(second.getRunSummary(runId).epochsCompleted, 2);
      for (const store of [first, second]) store.close();
    });
  });

  it('stop, pause and resume requests reach the owner once, and only for active runs', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const machine = new FakeMachine();
      machine.spawn(100, 'boot:1');
      machine.spawn(200, 'boot:2');
      const trainer = openSqliteRunStore(file, machine.as(100));
      const app = openSqliteRunStore(file, machine.as(200));
      const runId = trainer.createRun(newRun());
      app.requestControl(runId, 'pause');
      assert.deepEqual(app.takeControlRequests([runId]), [], 'only the owner receives requests');
      assert.deepEqual(trainer.takeControlRequests([runId]), [{ runId, request: 'pause' }]);
      assert.deepEqual(trainer.takeControlRequests([runId]), [], 'each request is handed out once');
      app.requestControl(runId, 'stop');
      trainer.setStatus(runId, 'stopped');
      assert.deepEqual(trainer.takeControlRequests([runId]), [], 'an ended run drops its pending request');
      assert.throws(() => app.requestControl(runId, 'stop'), /Run \d+ is stopped: only a running or paused run can be asked to stop/);
      assert.throws(() => app.requestControl(runId, 'explode' as never), /request: must be stop, pause or resume/);
      const done = completedRun(trainer, []);
      assert.throws(() => app.requestControl(done, 'stop'), /is completed/);
      for (const store of [trainer, app]) store.close();
    });
  });
});

describe('migration 5 (interrupted status, owner start, heartbeat, control)', () => {
  it('rebuilds the runs table without losing a row of any table or reusing a deleted id', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      // A version-4 database filled through SQL the way version 4 wrote it.
      const v4 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
      v4.exec(`
        INSERT INTO runs (name, status, created_at, architecture_name, architecture_json, hyperparameters_json, dataset_id,
                          dataset_name, dataset_json, seed, param_count, epochs_planned, owner_pid)
        VALUES ('kept', 'stopped', '2025-01-01', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3, 42),
               ('deleted', 'completed', '2025-01-02', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3, NULL),
               ('last', 'running', '2025-01-03', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3, 42);
        INSERT INTO run_tags VALUES (1, 'keep', 0);
        INSERT INTO epochs VALUES (1, 1, 0.5, 0.5, NULL, NULL, 0.1, 10, 100);
        INSERT INTO checkpoints VALUES (1, 1, x'00', x'00');
        DELETE FROM runs WHERE id IN (2, 3);
      `);
      v4.close();

      const db = openDatabase(file);
      assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.deepEqual(db.prepare('SELECT id, name, status, owner_pid, owner_start, heartbeat_at, control FROM runs').all(), [
        { id: 1, name: 'kept', status: 'stopped', owner_pid: 42, owner_start: null, heartbeat_at: null, control: null },
      ]);
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      assert.deepEqual(['run_tags', 'epochs', 'checkpoints'].map(count), [1, 1, 1]);
      db.exec(`INSERT INTO runs (name, status, created_at, architecture_name, architecture_json, hyperparameters_json, dataset_id,
                                 dataset_name, dataset_json, seed, param_count, epochs_planned)
               VALUES ('new', 'interrupted', '2025-02-01', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3)`);
      assert.equal((db.prepare("SELECT id FROM runs WHERE name = 'new'").get() as { id: number }).id, 4, 'ids 2 and 3 stay unused');
      assert.throws(() => db.exec("UPDATE runs SET control = 'explode'"), /CHECK constraint failed/);
      db.exec('DELETE FROM runs WHERE id = 1');
      assert.deepEqual(['run_tags', 'epochs', 'checkpoints'].map(count), [0, 0, 0], 'cascades work on the rebuilt table');
      db.close();
    });
  });
});
