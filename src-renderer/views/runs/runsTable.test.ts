import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../../common/runs.js';
import { nextSort, parseTags, searchRuns, sortRuns } from './runsTable.js';
import { runSummaryFixture } from '../../state/runSummaryFixture.js';

function run(id: number, fields: Partial<RunSummary>): RunSummary {
  return runSummaryFixture({
    id,
    name: `run ${id}`,
    status: 'completed',
    createdAt: `2025-01-0${id}T00:00:00Z`,
    dataset: { id: 'mnist', name: 'MNIST', classNames: [], trainCount: 1, valCount: 0, testCount: 1 },
    architectureName: 'mnist-baseline',
    paramCount: 100,
    epochsPlanned: 1,
    epochsCompleted: 1,
    ...fields,
  });
}

const runs = [
  run(1, { testAccuracy: 0.9, tags: ['baseline'], name: 'Alpha' }),
  run(2, { testAccuracy: null, status: 'running', name: 'beta' }),
  run(3, { testAccuracy: 0.95, tags: ['wide', 'lr-0.1'], name: 'Gamma', dataset: { id: 'cifar10', name: 'CIFAR-10', classNames: [], trainCount: 1, valCount: 0, testCount: 1 } }),
];

test('runs without a test accuracy sort last whichever the direction', () => {
  assert.deepEqual(sortRuns(runs, { key: 'testAccuracy', direction: 'descending' }).map((r) => r.id), [3, 1, 2]);
  assert.deepEqual(sortRuns(runs, { key: 'testAccuracy', direction: 'ascending' }).map((r) => r.id), [1, 3, 2]);
});

test('names sort without regard to case; dates sort newest first by default', () => {
  assert.deepEqual(sortRuns(runs, { key: 'name', direction: 'ascending' }).map((r) => r.name), ['Alpha', 'beta', 'Gamma']);
  assert.deepEqual(sortRuns(runs, { key: 'createdAt', direction: 'descending' }).map((r) => r.id), [3, 2, 1]);
});

test('search matches every word across name, tags, dataset and status', () => {
  assert.deepEqual(searchRuns(runs, 'cifar wide').map((r) => r.id), [3]);
  assert.deepEqual(searchRuns(runs, 'BASELINE').map((r) => r.id), [1, 2, 3], 'the architecture name counts too');
  assert.deepEqual(searchRuns(runs, 'running').map((r) => r.id), [2]);
  assert.deepEqual(searchRuns(runs, 'alpha nothing-like-this'), []);
  assert.equal(searchRuns(runs, '   ').length, 3);
});

test('clicking a header sorts by it, clicking again flips the direction', () => {
  const byAccuracy = nextSort({ key: 'createdAt', direction: 'descending' }, 'testAccuracy');
  assert.deepEqual(byAccuracy, { key: 'testAccuracy', direction: 'descending' });
  assert.deepEqual(nextSort(byAccuracy, 'testAccuracy'), { key: 'testAccuracy', direction: 'ascending' });
  assert.deepEqual(nextSort(byAccuracy, 'name'), { key: 'name', direction: 'ascending' });
});

test('tags are trimmed, de-duplicated and empty entries dropped', () => {
  assert.deepEqual(parseTags(' wide, lr-0.1,, wide ,'), ['wide', 'lr-0.1']);
  assert.deepEqual(parseTags(''), []);
});
