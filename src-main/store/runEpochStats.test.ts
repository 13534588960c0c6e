// The runs list reads each run's epoch figures from columns that triggers keep
// (migration 8) instead of adding up the epochs table. These tests hold them to
// the aggregate the list used to run, value for value, whatever wrote the epochs.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import type { ExternalOrigin } from '../../common/externalRuns.js';
import type { RunSummary } from '../../common/runs.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './openDatabase.js';
import { SqliteRunStore } from './sqliteRunStore.js';
import { checkpointAt, completedRun, epochMetrics, newRun, openTestStore, withTempDir } from './testFixtures.js';
import { addSyntheticRuns } from './scale/syntheticRuns.js';

/** The figures as the runs list computed them before migration 8, from the epochs themselves. */
const FROM_EPOCHS = `
SELECT r.id, (SELECT json_array(count(*), max(e.val_accuracy), total(e.duration_ms) + r.unfinished_ms)
              FROM epochs e WHERE e.run_id = r.id) AS stats_json
FROM runs r ORDER BY r.id`;

const IMPORTED: ExternalOrigin = {
  kind: 'pytorch',
  sourceFile: '/tmp/out/metrics.jsonl',
  engine: 'PyTorch',
  exportedFromRunId: 1,
  importedAt: '2025-02-01T00:00:00.000Z',
  normalization: null,
};

type Figures = Pick<RunSummary, 'id' | 'epochsCompleted' | 'bestValAccuracy' | 'durationMs'>;

function figuresFromEpochs(db: Database.Database): Figures[] {
  return (db.prepare(FROM_EPOCHS).all() as { id: number; stats_json: string }[]).map((row) => {
    const [epochsCompleted, bestValAccuracy, durationMs] = JSON.parse(row.stats_json) as [number, number | null, number];
    return { id: row.id, epochsCompleted, bestValAccuracy, durationMs };
  });
}

function listedFigures(store: SqliteRunStore): Figures[] {
  return store
    .listRuns()
    .map(({ id, epochsCompleted, bestValAccuracy, durationMs }) => ({ id, epochsCompleted, bestValAccuracy, durationMs }))
    .sort((a, b) => a.id - b.id);
}

describe('run epoch figures (migration 8)', () => {
  it('match the epochs exactly as runs train, stop, import and go', () => {
    const { store, db } = openTestStore();
    addSyntheticRuns(store, (work) => db.transaction(work)(), { runs: 5, epochsPerRun: 4, misclassifiedPerRun: 10, testImages: 100 });
    completedRun(store, [[1, 2, 0.9]]);
    const fresh = store.createRun(newRun({ name: 'no epochs yet' }));
    const stopped = store.createRun(newRun({ name: 'stopped mid-epoch' }));
    store.commitEpoch(stopped, { ...epochMetrics(1), valLoss: null, valAccuracy: null }, checkpointAt(1));
    store.commitEpoch(stopped, { ...epochMetrics(2), durationMs: 1234.5678901 }, checkpointAt(2));
    store.addUnfinishedTime(stopped, 321.123);
    store.setStatus(stopped, 'stopped');
    store.importExternalRun({ ...newRun({ name: 'imported' }), origin: IMPORTED, epochs: [epochMetrics(1), epochMetrics(2)], results: null });
    store.deleteRun(1);

    const listed = listedFigures(store);
    assert.deepEqual(listed, figuresFromEpochs(db));
    assert.deepEqual(listed.find((run) => run.id === fresh), { id: fresh, epochsCompleted: 0, bestValAccuracy: null, durationMs: 0 });
    assert.equal(listed.find((run) => run.id === stopped)?.bestValAccuracy, epochMetrics(2).valAccuracy);
    assert.deepEqual(store.getRunSummary(stopped).durationMs, 1000 + 1234.5678901 + 321.123);
  });

  it('follow edits made to epochs directly', () => {
    const { store, db } = openTestStore();
    const a = completedRun(store, []);
    const b = completedRun(store, []);
    db.prepare('UPDATE epochs SET val_accuracy = 0.99, duration_ms = 7 WHERE run_id = ? AND epoch = 1').run(a);
    db.prepare('DELETE FROM epochs WHERE run_id = ? AND epoch = 2').run(b);
    assert.deepEqual(listedFigures(store), figuresFromEpochs(db));
    assert.equal(store.getRunSummary(a).bestValAccuracy, 0.99);
    assert.equal(store.getRunSummary(b).epochsCompleted, 1);
  });

  it('are filled in for the runs of a database from before', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const v7 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 7) });
      v7.exec(`
        INSERT INTO runs (name, status, created_at, architecture_name, architecture_json, hyperparameters_json, dataset_id,
                          dataset_name, dataset_json, seed, param_count, epochs_planned, unfinished_ms)
        VALUES ('two epochs', 'stopped', '2025-01-01', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3, 12.5),
               ('none', 'stopped', '2025-01-02', 'net', '{}', '{}', 'mnist', 'MNIST', '{}', 1, 10, 3, 0);
        INSERT INTO epochs VALUES (1, 1, 0.5, 0.5, NULL, NULL, 0.1, 10.1, 100), (1, 2, 0.4, 0.6, 0.3, 0.7, 0.1, 20.2, 100);
      `);
      v7.close();
      const db = openDatabase(file);
      const store = new SqliteRunStore(db);
      assert.deepEqual(listedFigures(store), figuresFromEpochs(db));
      assert.deepEqual(listedFigures(store), [
        { id: 1, epochsCompleted: 2, bestValAccuracy: 0.7, durationMs: 10.1 + 20.2 + 12.5 },
        { id: 2, epochsCompleted: 0, bestValAccuracy: null, durationMs: 0 },
      ]);
      store.close();
    });
  });
});
