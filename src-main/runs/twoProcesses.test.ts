// The app and a CLI `train` on one database, as two real processes: the app
// (here, the service as serve mode runs it) sees the CLI's run appear and its
// curves grow, four readers on their own connections query throughout
// without SQLITE_BUSY or a torn read, the WAL stays bounded, and the app's
// Stop ends the CLI's run as stopped (and its process with code 130).

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { RunEpochEvent, RunStatusEvent } from '../../common/api/contract.js';
import { createWorkbenchService } from '../api/workbenchService.js';
import { WAL_TRUNCATE_BYTES } from '../store/walSize.js';
import { spawnCli, trainingFolder, whenStderr } from './processTestFixtures.js';
import type { ReaderReport } from './storeReaderFixture.js';

const READERS = 4;
// Six seconds in the suite; CNN_WORKBENCH_READING_MS=60000 reads for the minute the issue asks about.
const READING_MS = Number(process.env.CNN_WORKBENCH_READING_MS) || 6_000;

function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
      }
    }, 20);
  });
}

test('the app follows, reads alongside and stops a run a CLI process trains on the same database', async (t) => {
  const folder = trainingFolder();
  const service = await createWorkbenchService({ databasePath: folder.db, carrier: 'serve' });
  t.after(async () => {
    await service.close();
    folder.remove();
  });
  const epochs: RunEpochEvent[] = [];
  const statuses: RunStatusEvent[] = [];
  service.api.onRunEpoch((event) => epochs.push(event));
  service.api.onRunStatus((event) => statuses.push(event));

  const cli = spawnCli(folder.trainArgs(1000, 'wide from the command line'));
  t.after(() => cli.child.kill('SIGKILL'));
  await whenStderr(cli, (stderr) => /epoch 2 done/.test(stderr), 20_000);
  const runId = (await service.api.listRuns())[0].id;

  await eventually(() => statuses.some((s) => s.runId === runId && s.status === 'running'), 5_000, 'the app seeing the CLI run');
  await eventually(() => epochs.filter((e) => e.runId === runId).length >= 3, 5_000, 'three epoch events');
  const seen = epochs.filter((e) => e.runId === runId).map((e) => e.metrics.epoch);
  assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => i + 1), 'every epoch once, in order: the curve grows');

  const walSizes: number[] = [];
  const sampler = setInterval(() => {
    try {
      walSizes.push(statSync(`${folder.db}-wal`).size);
    } catch {
      // Between a checkpoint's truncation and the next write the file may be briefly absent.
    }
  }, 25);
  const readers = Array.from({ length: READERS }, () => {
    const worker = new Worker(new URL('./storeReaderFixture.js', import.meta.url), { workerData: { db: folder.db, durationMs: READING_MS } });
    return new Promise<ReaderReport>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  });
  const reports = await Promise.all(readers);
  clearInterval(sampler);

  for (const [index, report] of reports.entries()) {
    assert.deepEqual(report.errors, [], `reader ${index + 1} met errors`);
    assert.ok(report.queries > 100, `reader ${index + 1} made only ${report.queries} queries`);
    assert.ok(report.epochCounts.every((count, i) => i === 0 || count >= report.epochCounts[i - 1]), 'epochs never go backwards');
  }
  const { epochsCompleted } = await service.api.listRuns().then((runs) => runs[0]);
  assert.ok(epochsCompleted > seen.length, 'the run went on training while the readers read');
  const largestWal = Math.max(...walSizes);
  t.diagnostic(
    `${READERS} readers, ${READING_MS} ms: ${reports.map((r) => r.queries).join(' + ')} queries, ` +
      `${epochsCompleted} epochs committed meanwhile; largest WAL ${(largestWal / 1e6).toFixed(1)} MB`,
  );
  // Truncated once past the threshold: at most the threshold plus the commits made while readers finished.
  assert.ok(largestWal <= 2 * WAL_TRUNCATE_BYTES, `the WAL reached ${largestWal} bytes`);

  await service.api.stopRun(runId);
  const exit = await cli.exited;
  assert.equal(exit.code, 130, cli.stderr);
  assert.match(cli.stdout + cli.stderr, new RegExp(`run ${runId} stopped`));
  await eventually(() => statuses.some((s) => s.runId === runId && s.status === 'stopped'), 5_000, 'the app seeing the stop');
  const stopped = await service.api.getRun(runId);
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.error, null);
  assert.equal(stopped.epochs.length, stopped.epochsCompleted);
});
