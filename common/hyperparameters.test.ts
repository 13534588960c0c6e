import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAugmentationIssues, findHyperparameterIssues, mirroringWarning } from './hyperparameters.js';
import type { Hyperparameters } from './runs.js';

const base: Hyperparameters = {
  epochs: 10,
  batchSize: 64,
  learningRate: 0.1,
  optimizer: 'sgdMomentum',
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: { kind: 'cosine', minLr: 0 },
  seed: 1,
  valSplit: 0.1,
  trainLimit: null,
  testLimit: null,
  workers: 2,
};

const fieldsOf = (h: Hyperparameters) => findHyperparameterIssues(h).map((issue) => issue.field);

test('a recipe stored before the new settings existed is valid as it is', () => {
  assert.deepEqual(findHyperparameterIssues(base), []);
});

test('every new recipe, well-formed, is accepted', () => {
  const h: Hyperparameters = {
    ...base,
    optimizer: 'sgdPytorch',
    nesterov: true,
    labelSmoothing: 0.1,
    augmentation: { cropPadding: 4, horizontalFlip: true, cutoutSize: 8, alternatingFlip: true, cropPaddingMode: 'reflect' },
    emaDecay: 0.999,
    testTimeFlip: true,
    testTimeShift: 1,
    identityInit: true,
    freezeBatchNormScale: true,
    shiftLearningRateFactor: 64,
    lookahead: true,
    schedule: { kind: 'warmupCosine', warmupEpochs: 0.5, minLr: 0 },
  };
  assert.deepEqual(findHyperparameterIssues(h), []);
  assert.deepEqual(fieldsOf({ ...h, schedule: { kind: 'oneCycle', rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 } }), []);
});

test('each bad value names its field in words a person can act on', () => {
  const cases: [Partial<Hyperparameters>, string, RegExp][] = [
    [{ optimizer: 'adam', nesterov: true }, 'nesterov', /Nesterov momentum needs a momentum optimizer \(sgdMomentum or sgdPytorch\), not adam/],
    [{ labelSmoothing: 1 }, 'labelSmoothing', /label smoothing must be a number from 0 to below 1, got 1/],
    [{ emaDecay: -0.1 }, 'emaDecay', /weight-average decay must be a number from 0 \(off\) to below 1/],
    [{ testTimeFlip: 'yes' as unknown as boolean }, 'testTimeFlip', /test-time flip must be true or false/],
    [{ testTimeShift: 1.5 }, 'testTimeShift', /test-time shift must be an integer from 0 \(off\) to 64 pixels, got 1\.5/],
    [{ testTimeShift: -1 }, 'testTimeShift', /test-time shift must be an integer from 0 \(off\) to 64 pixels, got -1/],
    [{ augmentation: { cropPadding: 2.5, horizontalFlip: false, cutoutSize: 0 } }, 'augmentation.cropPadding', /crop padding must be an integer from 0 \(off\) to 64 pixels, got 2\.5/],
    [{ augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 100 } }, 'augmentation.cutoutSize', /cutout size must be an integer from 0 \(off\) to 64/],
    [{ augmentation: { cropPadding: 0, horizontalFlip: 1 as unknown as boolean, cutoutSize: 0 } }, 'augmentation.horizontalFlip', /horizontal flip must be true or false/],
    [{ augmentation: { cropPadding: 2, horizontalFlip: true, cutoutSize: 0, cropPaddingMode: 'edge' as 'black' } }, 'augmentation.cropPaddingMode', /crop padding mode must be one of black, reflect, got edge/],
    [{ augmentation: { cropPadding: 0, horizontalFlip: true, cutoutSize: 0, alternatingFlip: 'yes' as unknown as boolean } }, 'augmentation.alternatingFlip', /alternating flip must be true or false/],
    [{ schedule: { kind: 'warmupCosine', warmupEpochs: 10, minLr: 0 } }, 'schedule.warmupEpochs', /warm-up must be a number of epochs from 0 to below the 10 epochs of the run, got 10/],
    [{ schedule: { kind: 'warmupCosine', warmupEpochs: 1, minLr: 0.5 } }, 'schedule.minLr', /cosine minimum learning rate must be from 0 to the learning rate/],
    [{ schedule: { kind: 'oneCycle', rampFraction: 1, startDivisor: 25, endDivisor: 1e4 } }, 'schedule.rampFraction', /one-cycle rising share must be a fraction above 0 and below 1, got 1/],
    [{ schedule: { kind: 'oneCycle', rampFraction: 0.3, startDivisor: 0.5, endDivisor: 1e4 } }, 'schedule.startDivisor', /one-cycle start divisor must be a number from 1/],
    [{ schedule: { kind: 'oneCycle', rampFraction: 0.3, startDivisor: 25, endDivisor: Number.NaN } }, 'schedule.endDivisor', /one-cycle end divisor must be a number from 1/],
    [{ identityInit: 1 as unknown as boolean }, 'identityInit', /identity initialisation must be true or false, got 1/],
    [{ freezeBatchNormScale: 'on' as unknown as boolean }, 'freezeBatchNormScale', /freezing batch norm's scale must be true or false, got on/],
    [{ shiftLearningRateFactor: -1 }, 'shiftLearningRateFactor', /shift learning-rate factor must be a number from 0 to 10000 \(1: the learning rate itself\), got -1/],
    [{ shiftLearningRateFactor: Number.NaN }, 'shiftLearningRateFactor', /shift learning-rate factor must be .*but it is empty or not a number/],
    [{ shiftLearningRateFactor: 1e5 }, 'shiftLearningRateFactor', /shift learning-rate factor must be a number from 0 to 10000/],
    [{ lookahead: null as unknown as boolean }, 'lookahead', /Lookahead must be true or false, but it is empty or not a number/],
    [{ optimizer: 'rmsprop' as Hyperparameters['optimizer'] }, 'optimizer', /optimizer must be one of sgdMomentum, sgd, adam, sgdPytorch, got rmsprop/],
  ];
  for (const [change, field, message] of cases) {
    const issues = findHyperparameterIssues({ ...base, ...change });
    assert.equal(issues.length, 1, `${JSON.stringify(change)}: ${JSON.stringify(issues)}`);
    assert.equal(issues[0].field, field);
    assert.match(issues[0].message, message);
  }
});

test('crop padding and cutout must be smaller than the images', () => {
  const augmentation = { cropPadding: 28, horizontalFlip: false, cutoutSize: 30 };
  assert.deepEqual(
    findAugmentationIssues(augmentation, { height: 28, width: 28 }).map((issue) => issue.message),
    ['crop padding 28 must be smaller than the 28×28 images', 'cutout size 30 must be smaller than the 28×28 images'],
  );
  assert.deepEqual(findAugmentationIssues({ cropPadding: 4, horizontalFlip: true, cutoutSize: 16 }, { height: 32, width: 32 }), []);
  assert.deepEqual(findAugmentationIssues(undefined, { height: 2, width: 2 }), []);
  // The test-time shift too, with or without augmentation.
  assert.deepEqual(
    findAugmentationIssues(undefined, { height: 28, width: 28 }, 28).map((issue) => [issue.field, issue.message]),
    [['testTimeShift', 'test-time shift 28 must be smaller than the 28×28 images']],
  );
  assert.deepEqual(findAugmentationIssues({ cropPadding: 2, horizontalFlip: true, cutoutSize: 0 }, { height: 32, width: 32 }, 1), []);
});

test('flipping digits is warned about, flipping photos is not', () => {
  const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const flipped = { ...base, augmentation: { cropPadding: 0, horizontalFlip: true, cutoutSize: 0 }, testTimeFlip: true };
  assert.match(mirroringWarning(flipped, digits) ?? '', /^horizontal-flip augmentation and test-time flip on digits/);
  assert.equal(mirroringWarning(base, digits), null);
  assert.equal(mirroringWarning(flipped, ['airplane', 'automobile']), null);
});
