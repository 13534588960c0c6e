import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from './arch/presets.js';
import type { StartRunRequest } from './api/contract.js';
import { expandSweep, parseSweepValues, SweepError, MAX_SWEEP_RUNS } from './sweeps.js';

const preset = PRESETS.find((p) => p.id === 'mnist-baseline') ?? PRESETS[0];
const base: StartRunRequest = { name: 'base', architecture: preset.architecture, datasetId: 'mnist', hyperparameters: preset.recipe };

describe('expandSweep', () => {
  it('takes every combination of a grid, last axis fastest, and names each run by its values', () => {
    const runs = expandSweep({
      base,
      mode: 'grid',
      axes: [
        { target: { kind: 'hyperparameter', name: 'learningRate' }, values: [0.1, 0.01] },
        { target: { kind: 'hyperparameter', name: 'batchSize' }, values: [16, 32] },
      ],
    });
    assert.deepEqual(
      runs.map((r) => [r.hyperparameters.learningRate, r.hyperparameters.batchSize]),
      [[0.1, 16], [0.1, 32], [0.01, 16], [0.01, 32]],
    );
    assert.equal(runs[1].name, 'base · lr=0.1, batch=32');
    assert.equal(base.hyperparameters.batchSize, preset.recipe.batchSize, 'the base request is not changed');
  });

  it('sets a numeric layer field and a schedule with its starting values', () => {
    const convIndex = base.architecture.layers.findIndex((l) => l.type === 'conv2d');
    const [run] = expandSweep({
      base,
      mode: 'grid',
      axes: [
        { target: { kind: 'layer', layerIndex: convIndex, field: 'filters' }, values: [4] },
        { target: { kind: 'schedule' }, values: ['cosine'] },
      ],
    });
    assert.equal((run.architecture.layers[convIndex] as { filters: number }).filters, 4);
    assert.equal(run.hyperparameters.schedule.kind, 'cosine');
  });

  it('draws the same distinct combinations for the same seed', () => {
    const sweep = {
      base,
      mode: 'random' as const,
      count: 5,
      seed: 7,
      axes: [
        { target: { kind: 'hyperparameter' as const, name: 'learningRate' as const }, values: [0.1, 0.03, 0.01] },
        { target: { kind: 'hyperparameter' as const, name: 'seed' as const }, values: [1, 2, 3] },
      ],
    };
    const first = expandSweep(sweep).map((r) => r.name);
    assert.deepEqual(expandSweep(sweep).map((r) => r.name), first);
    assert.equal(new Set(first).size, 5);
    const other = expandSweep({ ...sweep, seed: 8 }).map((r) => r.name);
    assert.notDeepEqual(other, first);
  });

  it('refuses what cannot be queued with a sentence naming the setting', () => {
    const lr = { kind: 'hyperparameter' as const, name: 'learningRate' as const };
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [] }), /at least one setting/);
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [{ target: lr, values: [] }] }), /at least one value for learning rate/);
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [{ target: lr, values: ['fast'] }] }), /learning rate must be a number; "fast"/);
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [{ target: { kind: 'schedule' }, values: ['wavy'] }] }), /"wavy" is not a schedule/);
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [{ target: { kind: 'layer', layerIndex: 99, field: 'filters' }, values: [1] }] }), /no layer 100/);
    const many = Array.from({ length: MAX_SWEEP_RUNS + 1 }, (_, i) => i + 1);
    assert.throws(() => expandSweep({ base, mode: 'grid', axes: [{ target: lr, values: many }] }), SweepError);
    assert.throws(() => expandSweep({ base, mode: 'random', count: 3, axes: [{ target: lr, values: [0.1, 0.2] }] }), /Only 2 different combinations/);
  });
});

describe('parseSweepValues', () => {
  it('reads numbers separated by commas or spaces and keeps words', () => {
    assert.deepEqual(parseSweepValues('0.1, 0.03  1e-3;cosine'), [0.1, 0.03, 0.001, 'cosine']);
    assert.deepEqual(parseSweepValues('  '), []);
  });
});
