import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunFieldError } from './storeErrors.js';
import { completedRun, newRun, openTestStore } from './testFixtures.js';

describe('listing runs', () => {
  const { store } = openTestStore();
  const mnist = completedRun(store, [], { name: 'MNIST baseline' });
  const cifar = store.createRun(
    newRun({
      name: 'wider 100%_net',
      architecture: { ...newRun().architecture, name: 'cifar-best' },
      dataset: { ...newRun().dataset, id: 'cifar-10', name: 'CIFAR-10' },
    }),
  );
  const stopped = store.createRun(newRun({ name: 'quick try' }));
  store.setStatus(stopped, 'stopped');
  store.setTags(mnist, ['Report', 'table-1']);
  store.setTags(stopped, ['scratch']);

  function ids(query?: Parameters<typeof store.listRuns>[0]): number[] {
    return store.listRuns(query).map((run) => run.id);
  }

  it('lists newest first with summaries', () => {
    assert.deepEqual(ids(), [stopped, cifar, mnist]);
    const [summary] = store.listRuns({ tag: 'report' });
    assert.deepEqual(summary.tags, ['Report', 'table-1']);
    assert.equal(summary.dataset.id, 'mnist');
    assert.equal(summary.paramCount, 15);
  });

  it('searches name, tags, architecture and dataset without regard to case', () => {
    assert.deepEqual(ids({ search: 'baseline' }), [mnist]);
    assert.deepEqual(ids({ search: 'TABLE' }), [mnist]);
    assert.deepEqual(ids({ search: 'cifar-b' }), [cifar]);
    assert.deepEqual(ids({ search: 'cifar' }), [cifar]);
    assert.deepEqual(ids({ search: 'mnist' }), [stopped, mnist]);
    assert.deepEqual(ids({ search: '   ' }), [stopped, cifar, mnist]);
  });

  it('treats % and _ in the search as plain characters', () => {
    assert.deepEqual(ids({ search: '100%_' }), [cifar]);
    assert.deepEqual(ids({ search: '%' }), [cifar]);
    assert.deepEqual(ids({ search: 'm_ist' }), []);
  });

  it('filters by status and by tag (ignoring case), combined with search', () => {
    assert.deepEqual(ids({ status: 'running' }), [cifar]);
    assert.deepEqual(ids({ status: 'stopped', search: 'quick' }), [stopped]);
    assert.deepEqual(ids({ tag: 'SCRATCH' }), [stopped]);
    assert.deepEqual(ids({ tag: 'scratch', status: 'completed' }), []);
  });

  it('names the bad field of a query', () => {
    assert.throws(() => store.listRuns({ status: 'sleeping' as 'running' }), /^RunFieldError: query\.status/);
    assert.throws(() => store.listRuns({ search: 3 as unknown as string }), RunFieldError);
  });
});
