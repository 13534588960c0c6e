// A `train` process SIGKILLed again and again — while loading, between
// epochs, and while an epoch's checkpoint is being written — must leave a
// database that passes integrity_check, holds whole epochs 1..N with the
// checkpoint of epoch N, reads as interrupted to anyone without a writer
// opening it, and `train --continue` must end exactly where an uninterrupted
// run ends: the same final weights, bit for bit. Bounded: 22 kills, ~30 s.
// An epoch here takes ~10 ms, so every kill point is tied to the child's
// progress, not to the clock alone: a session advances at most an epoch or
// two, and 22 kills land long before the run's last epoch on any machine.
// Replay a failure's choices with CNN_WORKBENCH_KILL_SEED=<the printed seed>.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { seededRandom, spawnCli, testSeed, trainingFolder, whenStderr, withDatabase, type CliChild } from './processTestFixtures.js';

const KILLS = 22;
const EPOCHS = 60;
const STEP_TIMEOUT_MS = 15_000;

interface EpochRow {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number | null;
  val_accuracy: number | null;
}

type KillPoint = 'anywhere' | 'after an epoch' | 'inside a commit';

/** Kills the child the moment its WAL file is written to: an epoch's commit is under way. */
async function killInsideCommit(cli: CliChild, wal: string): Promise<boolean> {
  const stamp = () => {
    try {
      return statSync(wal, { bigint: true }).mtimeNs;
    } catch {
      return -1n;
    }
  };
  // Past loading and the claim of the run, so the next write is an epoch's.
  await whenStderr(cli, (stderr) => /epoch \d+ done/.test(stderr), STEP_TIMEOUT_MS).catch(() => undefined);
  const before = stamp();
  const deadline = Date.now() + 5_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline && cli.child.exitCode === null) {
    if (stamp() !== before) {
      cli.child.kill('SIGKILL');
      return true;
    }
    // 0.2 ms between looks: a 2.4 MB commit takes milliseconds, so most kills land inside it.
    Atomics.wait(pause, 0, 0, 0.2);
  }
  return false;
}

function epochsOf(db: string, runId: number): EpochRow[] {
  return withDatabase(db, (handle) =>
    handle.prepare('SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy FROM epochs WHERE run_id = ? ORDER BY epoch').all(runId) as EpochRow[],
  );
}

test(`${KILLS} SIGKILLs at random points: the database stays whole and --continue ends bit-identical to an uninterrupted run`, async (t) => {
  const seed = testSeed('CNN_WORKBENCH_KILL_SEED');
  t.diagnostic(`kill seed ${seed} (replay with CNN_WORKBENCH_KILL_SEED=${seed})`);
  const random = seededRandom(seed);
  const folder = trainingFolder();
  t.after(() => folder.remove());

  const reference = spawnCli(folder.trainArgs(EPOCHS, 'uninterrupted'));
  const referenceExit = await reference.exited;
  assert.equal(referenceExit.code, 0, reference.stderr);
  const referenceId = JSON.parse(reference.stdout.trim().split('\n').pop() ?? '').runId as number;

  const first = spawnCli(folder.trainArgs(EPOCHS, 'killed'));
  await whenStderr(first, (stderr) => /epoch 1 done/.test(stderr), STEP_TIMEOUT_MS);
  first.child.kill('SIGKILL');
  await first.exited;
  const runId = referenceId + 1;
  const points: KillPoint[] = ['inside a commit'];

  let kills = 1;
  let completed = false;
  for (let session = 0; !completed; session++) {
    const cli = spawnCli(['train', '--continue', String(runId), '--db', folder.db, '--json']);
    if (kills < KILLS) {
      const point: KillPoint = (['anywhere', 'after an epoch', 'inside a commit'] as const)[Math.floor(random() * 3)];
      if (point === 'inside a commit') {
        await killInsideCommit(cli, `${folder.db}-wal`);
      } else {
        const epochDone = whenStderr(cli, (s) => /epoch \d+ done/.test(s), STEP_TIMEOUT_MS).catch(() => undefined);
        if (point === 'after an epoch') {
          await epochDone;
          await delay(Math.floor(random() * 5));
        } else {
          // Anywhere while loading, claiming the run or inside the first epoch, but no later.
          await Promise.race([delay(Math.floor(random() * 900)), epochDone]);
        }
        cli.child.kill('SIGKILL');
      }
      points.push(point);
    }
    const exit = await cli.exited;
    if (exit.signal === 'SIGKILL') {
      kills++;
      // A kill that lands after the completing commit, while the process shuts down, finds the run complete.
      const store = openSqliteRunStore(folder.db);
      completed = store.getRunSummary(runId).status === 'completed';
      store.close();
    } else {
      assert.equal(exit.code, 0, `session ${session} after ${kills} kills:\n${cli.stderr}`);
      completed = true;
    }

    // What anyone sees right after the kill, before any writer opens the file again.
    withDatabase(folder.db, (db) => assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `after kill ${kills} (${points.at(-1)})`));
    const epochs = epochsOf(folder.db, runId);
    assert.deepEqual(epochs.map((e) => e.epoch), Array.from({ length: epochs.length }, (_, i) => i + 1), 'epochs 1..N, none missing');
    const reader = openSqliteRunStore(folder.db);
    const summary = reader.getRunSummary(runId);
    if (!completed) {
      assert.equal(summary.status, 'interrupted', `after kill ${kills} (${points.at(-1)}): ${JSON.stringify(summary)}`);
      const checkpoint = reader.latestCheckpoint(runId);
      assert.equal(checkpoint?.epoch ?? 0, epochs.length, 'the checkpoint is the last committed epoch');
      if (checkpoint) {
        assert.equal(checkpoint.weights.length, summary.paramCount, 'whole weights');
        assert.ok(checkpoint.weights.every(Number.isFinite) && checkpoint.optimizerState.every(Number.isFinite), 'no torn values');
      }
    } else if (summary.status === 'completed') {
      assert.equal(epochs.length, EPOCHS);
    }
    reader.close();
    // Every committed epoch matches the uninterrupted run's, bit for bit.
    assert.deepEqual(epochs, epochsOf(folder.db, referenceId).slice(0, epochs.length));
  }

  t.diagnostic(`${kills} kills: ${points.filter((p) => p === 'inside a commit').length} inside a commit, ` +
    `${points.filter((p) => p === 'after an epoch').length} just after an epoch, ${points.filter((p) => p === 'anywhere').length} anywhere`);
  assert.ok(kills >= 20, `only ${kills} kills landed`);
  withDatabase(folder.db, (db) => {
    const results = db.prepare('SELECT run_id, final_weights, predictions FROM run_results WHERE run_id IN (?, ?) ORDER BY run_id').all(referenceId, runId) as {
      final_weights: Buffer;
      predictions: Buffer;
    }[];
    assert.equal(results.length, 2, 'both runs completed');
    assert.ok(results[0].final_weights.equals(results[1].final_weights), 'final weights bit-identical');
    assert.ok(results[0].predictions.equals(results[1].predictions), 'test predictions identical');
  });
});
