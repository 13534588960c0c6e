import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSchedule, hyperparameterRows } from './hyperparameters.js';
import type { Hyperparameters } from '../runs.js';

const recipe: Hyperparameters = {
  epochs: 3,
  batchSize: 32,
  learningRate: 0.01,
  optimizer: 'sgdMomentum',
  momentum: 0.9,
  weightDecay: 0.0005,
  schedule: { kind: 'constant' },
  seed: 1,
  valSplit: 0.1,
  trainLimit: null,
  testLimit: 2000,
  workers: 2,
};

test('one run: every hyperparameter formatted, none marked as differing', () => {
  const rows = hyperparameterRows([recipe]);
  const byKey = Object.fromEntries(rows.map((row) => [row.key, row.values[0]]));
  assert.equal(byKey.optimizer, 'SGD with momentum');
  assert.equal(byKey.valSplit, '10%');
  assert.equal(byKey.trainLimit, 'all');
  assert.equal(byKey.testLimit, 'first 2000');
  assert.ok(rows.every((row) => !row.differs));
});

test('two runs: exactly the changed hyperparameters differ, and worker count never does', () => {
  const other = { ...recipe, learningRate: 0.05, schedule: { kind: 'step', stepEpochs: 2, gamma: 0.5 } as const, workers: 1 };
  const differing = hyperparameterRows([recipe, other]).filter((row) => row.differs);
  assert.deepEqual(differing.map((row) => row.key), ['learningRate', 'schedule']);
  assert.deepEqual(differing[1].values, ['constant', 'step: ×0.5 every 2 epochs']);
});

test('cosine schedule names its floor', () => {
  assert.equal(formatSchedule({ kind: 'cosine', minLr: 0.0001 }), 'cosine down to 0.0001');
});
