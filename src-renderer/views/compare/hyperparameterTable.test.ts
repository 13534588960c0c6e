import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunDetail } from '../../../common/runs.js';
import { PRESETS } from '../../../common/arch/presets.js';
import { hyperparameterRows, nextTableSort, sortRows, varyingAxes, wantsLogScale } from './hyperparameterTable.js';
import { runSummaryFixture } from '../../state/runSummaryFixture.js';

function run(id: number, learningRate: number, testAccuracy: number | null): RunDetail {
  return {
    ...runSummaryFixture({
      id,
      name: `run ${id}`,
      status: 'completed',
      dataset: { id: 'mnist', name: 'MNIST', classNames: [], trainCount: 1, valCount: 0, testCount: 1 },
      epochsPlanned: 1,
      epochsCompleted: 1,
      testAccuracy,
      durationMs: 1,
    }),
    architecture: PRESETS[0].architecture,
    hyperparameters: { ...PRESETS[0].recipe, learningRate },
    epochs: [],
    results: null,
  };
}

test('rows sort by any column, missing values last, and a second click flips the order', () => {
  const rows = hyperparameterRows([run(1, 0.1, 0.9), run(2, 0.001, null), run(3, 0.01, 0.95)]);
  const byAccuracy = nextTableSort({ key: 'name', descending: false }, 'testAccuracy');
  assert.deepEqual(byAccuracy, { key: 'testAccuracy', descending: true });
  assert.deepEqual(sortRows(rows, byAccuracy).map((r) => r.id), [3, 1, 2]);
  assert.deepEqual(sortRows(rows, nextTableSort(byAccuracy, 'testAccuracy')).map((r) => r.id), [1, 3, 2]);
  assert.deepEqual(sortRows(rows, { key: 'learningRate', descending: false }).map((r) => r.id), [2, 3, 1]);
});

test('only the hyperparameters that vary are offered as axes; wide positive spans get a log scale', () => {
  const rows = hyperparameterRows([run(1, 0.1, 0.9), run(2, 0.001, 0.8)]);
  assert.deepEqual(varyingAxes(rows), ['learningRate']);
  assert.equal(wantsLogScale([0.1, 0.001]), true);
  assert.equal(wantsLogScale([16, 32]), false);
  assert.equal(wantsLogScale([0, 1]), false);
});
