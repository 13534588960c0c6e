import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAugmentation, formatSchedule, hyperparameterRows } from './hyperparameters.js';
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

test('a run stored before the training recipes existed shows them off, and does not differ from one with them explicitly off', () => {
  const explicitOff: Hyperparameters = {
    ...recipe,
    nesterov: false,
    labelSmoothing: 0,
    augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 },
    emaDecay: 0,
    testTimeFlip: false,
    testTimeShift: 0,
    identityInit: false,
    freezeBatchNormScale: false,
    shiftLearningRateFactor: 1,
    lookahead: false,
  };
  const rows = hyperparameterRows([recipe, explicitOff]);
  const byKey = Object.fromEntries(rows.map((row) => [row.key, row.values[0]]));
  assert.deepEqual(
    [byKey.nesterov, byKey.labelSmoothing, byKey.augmentation, byKey.emaDecay, byKey.testTimeFlip, byKey.testTimeShift],
    ['off', 'off', 'none', 'off', 'off', 'off'],
  );
  assert.deepEqual(
    [byKey.identityInit, byKey.freezeBatchNormScale, byKey.shiftLearningRateFactor, byKey.lookahead],
    ['off', 'trained', 'the learning rate', 'off'],
  );
  assert.ok(rows.every((row) => !row.differs));
});

test('the recipes, when on, say what they do', () => {
  const on: Hyperparameters = {
    ...recipe,
    optimizer: 'sgdPytorch',
    nesterov: true,
    labelSmoothing: 0.1,
    augmentation: { cropPadding: 4, horizontalFlip: true, cutoutSize: 8 },
    emaDecay: 0.999,
    testTimeFlip: true,
    testTimeShift: 2,
    identityInit: true,
    freezeBatchNormScale: true,
    shiftLearningRateFactor: 64,
    lookahead: true,
    schedule: { kind: 'oneCycle', rampFraction: 0.25, startDivisor: 25, endDivisor: 1e4 },
  };
  const rows = hyperparameterRows([recipe, on]);
  const value = (key: string) => rows.find((row) => row.key === key)?.values[1];
  assert.equal(value('optimizer'), 'SGD, PyTorch-style momentum');
  assert.equal(value('nesterov'), 'on');
  assert.equal(value('labelSmoothing'), '0.1');
  assert.equal(value('augmentation'), 'random crop (pad 4), horizontal flip, cutout 8×8');
  assert.match(value('emaDecay') ?? '', /^decay 0\.999: validation, test and the stored final weights use the average/);
  assert.match(value('testTimeFlip') ?? '', /^on/);
  assert.equal(value('testTimeShift'), '2 px: the test also averages the images moved 2 px diagonally, both ways');
  assert.equal(value('schedule'), 'one-cycle: up from lr÷25 over 25% of the steps, down to lr÷250000');
  assert.match(value('identityInit') ?? '', /^on: convolutions start with their first filters passing the input through/);
  assert.equal(value('freezeBatchNormScale'), 'frozen at 1');
  assert.equal(value('shiftLearningRateFactor'), '64× the learning rate');
  assert.match(value('lookahead') ?? '', /^on: every 5 steps/);
  assert.equal(formatSchedule({ kind: 'warmupCosine', warmupEpochs: 2, minLr: 0 }), 'warm-up over 2 epochs, then cosine down to 0');
  assert.equal(
    formatAugmentation({ cropPadding: 2, horizontalFlip: true, cutoutSize: 0, alternatingFlip: true, cropPaddingMode: 'reflect' }),
    'random crop (pad 2, reflected), horizontal flip (alternating epochs)',
  );
  assert.equal(formatAugmentation({ cropPadding: 0, horizontalFlip: false, cutoutSize: 0, alternatingFlip: true }), 'none', 'no flip to alternate');
  assert.deepEqual(
    rows.filter((row) => row.differs).map((row) => row.key),
    ['schedule', 'optimizer', 'nesterov', 'labelSmoothing', 'augmentation', 'emaDecay', 'testTimeFlip', 'testTimeShift', 'identityInit', 'freezeBatchNormScale', 'shiftLearningRateFactor', 'lookahead'],
  );
});
