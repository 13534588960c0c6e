import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExternalOrigin } from '../../common/externalRuns.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './openDatabase.js';
import type { ExternalRunRecord } from './runStore.js';
import { openSqliteRunStore } from './sqliteRunStore.js';
import { completedRun, epochMetrics, newRun, openTestStore, resultsWith, withTempDir } from './testFixtures.js';

const ORIGIN: ExternalOrigin = {
  kind: 'pytorch',
  sourceFile: '/tmp/out/metrics.jsonl',
  engine: 'PyTorch 1.13.0, 2 processes (gloo, cpu)',
  exportedFromRunId: 1,
  importedAt: '2025-02-01T00:00:00.000Z',
  normalization: null,
};

function externalRun(overrides: Partial<ExternalRunRecord> = {}): ExternalRunRecord {
  const local = newRun();
  return {
    name: 'baseline (PyTorch)',
    origin: ORIGIN,
    architecture: local.architecture,
    hyperparameters: local.hyperparameters,
    dataset: local.dataset,
    paramCount: local.paramCount,
    epochs: [epochMetrics(1), epochMetrics(2)],
    results: resultsWith([[1, 2, 0.9]]),
    ...overrides,
  };
}

describe('external runs', () => {
  it('are stored completed, with their origin, curves and results, beside local runs', () => {
    const { store } = openTestStore();
    const local = completedRun(store, [[1, 2, 0.9]]);
    const imported = store.importExternalRun(externalRun());
    assert.equal(imported.status, 'completed');
    assert.deepEqual(imported.external, ORIGIN);
    assert.equal(imported.epochsCompleted, 2);
    assert.deepEqual(store.listRuns().map((run) => [run.id, run.external?.kind ?? 'local']), [[imported.id, 'pytorch'], [local, 'local']]);
    const detail = store.getRun(imported.id);
    assert.equal(detail.results?.misclassifiedCount, 1);
    assert.equal(store.getRun(local).external, null);
    // Both were tested on the same images, so compare can pair their samples.
    assert.equal(store.getMisclassifiedOnlyBy(imported.id, local, {}).total, 0);
  });

  it('keep an unknown network and recipe as null', () => {
    const { store } = openTestStore();
    const run = store.importExternalRun(
      externalRun({
        origin: { ...ORIGIN, kind: 'metrics', engine: null, exportedFromRunId: null },
        architecture: null,
        hyperparameters: null,
        results: null,
        dataset: { id: 'unknown', name: 'not recorded', classNames: [], trainCount: 0, valCount: 0, testCount: 0 },
        paramCount: 0,
      }),
    );
    const detail = store.getRun(run.id);
    assert.equal(detail.architecture, null);
    assert.equal(detail.hyperparameters, null);
    assert.equal(detail.architectureName, '');
    assert.equal(detail.epochs.length, 2);
    assert.equal(store.getFinalWeights(run.id), null);
  });

  it('may start at a later epoch (training resumed elsewhere) but must count up by one', () => {
    const { store } = openTestStore();
    assert.equal(store.importExternalRun(externalRun({ epochs: [epochMetrics(3), epochMetrics(4)] })).epochsCompleted, 2);
    assert.throws(() => store.importExternalRun(externalRun({ epochs: [epochMetrics(1), epochMetrics(3)] })), /epochs\[1\]\.epoch.*must be 2, got 3/);
    assert.throws(() => store.importExternalRun(externalRun({ epochs: [], results: null })), /at least one epoch or its test results/);
    assert.throws(() => store.importExternalRun(externalRun({ name: '  ' })), /name/);
  });

  it('leave a database written before them loading, its runs local', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) });
      const run = newRun();
      // The runs table as schema version 3 had it.
      old
        .prepare(
          `INSERT INTO runs (name, status, created_at, finished_at, architecture_name, architecture_json, hyperparameters_json,
                             dataset_id, dataset_name, dataset_json, seed, param_count, epochs_planned, owner_pid)
           VALUES (?, 'stopped', '2024-05-01T00:00:00.000Z', '2024-05-01T00:01:00.000Z', ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
          run.name,
          run.architecture.name,
          JSON.stringify(run.architecture),
          JSON.stringify(run.hyperparameters),
          run.dataset.id,
          run.dataset.name,
          JSON.stringify(run.dataset),
          run.hyperparameters.seed,
          run.paramCount,
          run.hyperparameters.epochs,
        );
      old.close();
      const store = openSqliteRunStore(file);
      const [stored] = store.listRuns();
      assert.equal(stored.name, run.name);
      assert.equal(stored.external, null);
      assert.deepEqual(store.getRun(stored.id).architecture, run.architecture);
      store.close();
    });
  });
});
