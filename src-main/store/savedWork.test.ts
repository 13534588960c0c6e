import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PRESETS } from '../../common/arch/presets.js';
import { checkpointAt, epochMetrics, newRun, openTestStore, withTempDir } from './testFixtures.js';

const preset = PRESETS[0];

describe('designs library', () => {
  it('saves, lists newest first with parameter counts, duplicates, replaces and deletes', () => {
    const { store } = openTestStore();
    const { designs } = store.openSavedWork();
    const first = designs.save({ name: 'first', architecture: preset.architecture });
    assert.equal(first.layerCount, preset.architecture.layers.length);
    assert.ok(first.paramCount > 1000, `a preset has parameters, got ${first.paramCount}`);
    const copy = designs.duplicate(first.id);
    assert.equal(copy.name, 'first (copy)');
    assert.deepEqual(designs.list().map((d) => d.name), ['first (copy)', 'first']);
    assert.equal(designs.get(copy.id).architecture.name, 'first (copy)');

    const renamed = designs.save({ id: first.id, name: 'renamed', architecture: preset.architecture });
    assert.equal(renamed.id, first.id);
    assert.equal(designs.get(first.id).architecture.name, 'renamed');
    designs.delete(copy.id);
    assert.deepEqual(designs.list().map((d) => d.name), ['renamed']);
    assert.throws(() => designs.get(copy.id), /not in the library/);
  });

  it('drops the editor layer ids and refuses a malformed network with a sentence', () => {
    const { store } = openTestStore();
    const { designs } = store.openSavedWork();
    const withIds = { ...preset.architecture, layers: preset.architecture.layers.map((layer, i) => ({ ...layer, id: `layer-${i}` })) };
    const saved = designs.save({ name: 'ids', architecture: withIds });
    assert.ok(designs.get(saved.id).architecture.layers.every((layer) => layer.id === undefined));
    assert.throws(() => designs.save({ name: '  ', architecture: preset.architecture }), /name: give the design a name/);
    const broken = { ...preset.architecture, layers: [{ type: 'conv2d', filters: -1 }] };
    assert.throws(() => designs.save({ name: 'broken', architecture: broken as never }), /architecture: cannot be saved until it is fixed/);
  });

  it('keeps the working design across closing and reopening the file', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const first = openTestStore(file);
      const edited = { ...preset.architecture, layers: [{ type: 'flatten' as const }, ...preset.architecture.layers] };
      assert.equal(first.store.openSavedWork().designs.working(), null);
      first.store.openSavedWork().designs.saveWorking({ architecture: edited, presetId: preset.id, designId: 999 });
      first.store.close();
      const again = openTestStore(file);
      const working = again.store.openSavedWork().designs.working();
      assert.deepEqual(working?.architecture, edited);
      assert.equal(working?.presetId, preset.id);
      assert.equal(working?.designId, null, 'a design id not in the library is not kept');
      again.store.close();
    });
  });
});

describe('per-step curves and unfinished time', () => {
  it('stores each epoch’s steps with the epoch and returns them in order', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1), [
      { x: 0.5, loss: 2, accuracy: 0.25 },
      { x: 1, loss: 1.5, accuracy: 0.5 },
      { x: 1.5, loss: 9, accuracy: 0 },
    ]);
    store.commitEpoch(runId, epochMetrics(2), checkpointAt(2), [{ x: 2, loss: 1, accuracy: 0.75 }]);
    assert.deepEqual(store.getRun(runId).trainSteps, [
      { x: 0.5, loss: 2, accuracy: 0.25 },
      { x: 1, loss: 1.5, accuracy: 0.5 },
      { x: 2, loss: 1, accuracy: 0.75 },
    ]);
  });

  it('counts time trained in an epoch a stop cut short in the duration', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    store.addUnfinishedTime(runId, 5200);
    store.setStatus(runId, 'stopped');
    assert.equal(store.getRunSummary(runId).durationMs, 5200);
    assert.equal(store.listRuns()[0].durationMs, 5200);
  });
});

describe('run queue', () => {
  const request = (name: string) => ({ name, architecture: preset.architecture, datasetId: 'mnist', hyperparameters: preset.recipe });

  it('appends in order, moves, fails and removes entries, and outlives the process', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      const { store } = openTestStore(file);
      const { queue } = store.openSavedWork();
      const added = queue.append([{ request: request('a'), sweepLabel: null }, { request: request('b'), sweepLabel: 'sweep 2 of 3' }, { request: request('c'), sweepLabel: null }]);
      assert.deepEqual(added.map((r) => r.name), ['a', 'b', 'c']);
      queue.move(added[2].id, 0);
      assert.deepEqual(queue.list().map((r) => r.name), ['c', 'a', 'b']);
      queue.move(added[2].id, 10);
      assert.deepEqual(queue.list().map((r) => r.name), ['a', 'b', 'c']);
      queue.markFailed(added[0].id, 'the dataset is gone');
      queue.remove(added[1].id);
      assert.throws(() => queue.remove(added[1].id), /no longer waiting/);
      store.close();
      const again = openTestStore(file).store;
      const left = again.openSavedWork().queue.list();
      assert.deepEqual(left.map((r) => [r.name, r.error]), [['a', 'the dataset is gone'], ['c', null]]);
      assert.equal(again.openSavedWork().queue.take(left[0].id), true);
      assert.equal(again.openSavedWork().queue.take(left[0].id), false);
      again.close();
    });
  });
});
