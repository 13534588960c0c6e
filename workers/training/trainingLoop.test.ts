import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hyperparameters } from '../../common/runs.js';
import type { CoordinatorMessage, DoneMessage, EpochMessage } from './protocol.js';
import { RunControl } from './protocol.js';
import { tinyJob, trainInline } from './trainingFixture.js';

const train = (job = tinyJob()): CoordinatorMessage[] => trainInline(job);

const epochs = (messages: CoordinatorMessage[]) => messages.filter((m): m is EpochMessage => m.type === 'epoch');
const done = (messages: CoordinatorMessage[]) => messages.find((m): m is DoneMessage => m.type === 'done');

test('learns the tiny problem: loss falls, test accuracy is high, every epoch is reported', () => {
  const messages = train();
  const perEpoch = epochs(messages);
  assert.deepEqual(perEpoch.map((m) => m.metrics.epoch), [1, 2, 3]);
  assert.ok(perEpoch[2].metrics.trainLoss < perEpoch[0].metrics.trainLoss, 'training loss falls');
  const result = done(messages);
  assert.ok(result);
  assert.ok(result.testAccuracy >= 0.9, `test accuracy ${result.testAccuracy}`);
  assert.equal(result.predictions.length, 40);
  assert.equal(result.misclassified.length, Math.round(40 * (1 - result.testAccuracy)));
  assert.ok(result.firstLayerFilters);
  assert.deepEqual(
    [result.firstLayerFilters.count, result.firstLayerFilters.channels, result.firstLayerFilters.height],
    [4, 1, 3],
  );
  assert.ok(messages.some((m) => m.type === 'progress' && m.phase === 'training'));
});

test('same seed, same data, same settings: bit-identical weights and curves', () => {
  const a = train();
  const b = train();
  assert.deepEqual(done(a)?.finalWeights, done(b)?.finalWeights);
  assert.deepEqual(
    epochs(a).map((m) => [m.metrics.trainLoss, m.metrics.valAccuracy]),
    epochs(b).map((m) => [m.metrics.trainLoss, m.metrics.valAccuracy]),
  );
  const other = train(tinyJob({ seed: 8 }));
  assert.notDeepEqual(done(other)?.finalWeights, done(a)?.finalWeights);
});

test('resuming from an epoch checkpoint continues bit-exactly', () => {
  for (const optimizer of ['sgdMomentum', 'adam', 'sgd'] as const) {
    const full = train(tinyJob({ optimizer, learningRate: optimizer === 'adam' ? 0.01 : 0.1 }));
    const first = epochs(full)[0];
    const resumed = tinyJob({ optimizer, learningRate: optimizer === 'adam' ? 0.01 : 0.1 });
    resumed.resumeFrom = { epoch: 1, weights: first.weights, optimizerState: first.optimizerState };
    const rest = train(resumed);
    assert.deepEqual(epochs(rest).map((m) => m.metrics.epoch), [2, 3], optimizer);
    assert.deepEqual(done(rest)?.finalWeights, done(full)?.finalWeights, optimizer);
  }
});

/** Every recipe at once: augmentation, a weight average, Nesterov, label smoothing, test-time flip, one-cycle. */
const ALL_RECIPES: Partial<Hyperparameters> = {
  optimizer: 'sgdPytorch',
  learningRate: 0.02,
  nesterov: true,
  labelSmoothing: 0.1,
  augmentation: { cropPadding: 1, horizontalFlip: true, cutoutSize: 3 },
  emaDecay: 0.9,
  testTimeFlip: true,
  testTimeShift: 1,
  schedule: { kind: 'oneCycle', rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 },
};

test('resuming a run with every recipe (weight average and augmentation included) continues bit-exactly', () => {
  const full = train(tinyJob(ALL_RECIPES));
  assert.ok(done(full), JSON.stringify(full.find((m) => m.type === 'error')));
  for (const epoch of [1, 2]) {
    const checkpoint = epochs(full)[epoch - 1];
    const resumed = tinyJob(ALL_RECIPES);
    resumed.resumeFrom = { epoch, weights: checkpoint.weights, optimizerState: checkpoint.optimizerState };
    const rest = train(resumed);
    assert.deepEqual(done(rest)?.finalWeights, done(full)?.finalWeights, `from epoch ${epoch}`);
    assert.equal(done(rest)?.testLoss, done(full)?.testLoss, `from epoch ${epoch}`);
    assert.deepEqual(
      epochs(rest).map((m) => [m.metrics.trainLoss, m.metrics.valLoss]),
      epochs(full).slice(epoch).map((m) => [m.metrics.trainLoss, m.metrics.valLoss]),
    );
  }
  // (Mirroring swaps this problem's left and right classes, so the loss falls but accuracy stays moderate.)
  assert.ok(epochs(full)[2].metrics.trainLoss < epochs(full)[0].metrics.trainLoss, 'the loss falls');
});

test('with a weight average the final weights are the average the last checkpoint holds, not the trained weights', () => {
  const messages = train(tinyJob({ emaDecay: 0.9 }));
  const last = epochs(messages)[2];
  const result = done(messages);
  assert.ok(result);
  // The checkpoint's state ends with the average: [updates, one value per weight].
  const average = last.optimizerState.subarray(last.optimizerState.length - last.weights.length);
  assert.equal(last.optimizerState[last.optimizerState.length - last.weights.length - 1], 15, '5 steps an epoch, 3 epochs');
  assert.deepEqual(result.finalWeights, average);
  assert.notDeepEqual(result.finalWeights, last.weights);
  // Training itself is untouched by the average: the trained weights are those of a run without one.
  assert.deepEqual(last.weights, epochs(train())[2].weights);
});

test('each recipe changes the weights (it reaches the engine), and with none the run is the one it always was', () => {
  const plain = done(train())?.finalWeights;
  const changes: Partial<Hyperparameters>[] = [
    { augmentation: { cropPadding: 1, horizontalFlip: false, cutoutSize: 0 } },
    { augmentation: { cropPadding: 0, horizontalFlip: true, cutoutSize: 0 } },
    { augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 2 } },
    { labelSmoothing: 0.1 },
    { nesterov: true },
    { identityInit: true },
    { lookahead: true },
  ];
  for (const change of changes) assert.notDeepEqual(done(train(tinyJob(change)))?.finalWeights, plain, JSON.stringify(change));
  const off = {
    nesterov: false,
    labelSmoothing: 0,
    augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 },
    emaDecay: 0,
    testTimeFlip: false,
    identityInit: false,
    freezeBatchNormScale: false,
    shiftLearningRateFactor: 1,
    lookahead: false,
  };
  assert.deepEqual(done(train(tinyJob(off)))?.finalWeights, plain);
  // This network has no batch norm: its scale and shift options have nothing to act on.
  assert.deepEqual(done(train(tinyJob({ freezeBatchNormScale: true, shiftLearningRateFactor: 64 })))?.finalWeights, plain);
  // Test-time flip changes evaluation only.
  const flipped = done(train(tinyJob({ testTimeFlip: true })));
  assert.deepEqual(flipped?.finalWeights, plain);
  assert.notEqual(flipped?.testLoss, done(train())?.testLoss);
});

test('a run without airbench’s recipes checkpoints exactly the optimizer state it always did', () => {
  const last = epochs(train())[2];
  // sgdMomentum: [steps, one momentum value per weight].
  assert.equal(last.optimizerState.length, 1 + last.weights.length);
  assert.equal(last.optimizerState[0], 15);
});

test('with Lookahead the run ends on its slow copy, which the last checkpoint holds after the optimizer state', () => {
  for (const batchSize of [20, 40]) {
    // 5 steps an epoch (the last step, 15, on the 5-step beat) or 3 (the last, 9, off it).
    const messages = train(tinyJob({ lookahead: true, batchSize }));
    const last = epochs(messages)[2];
    const result = done(messages);
    assert.ok(result, JSON.stringify(messages.find((m) => m.type === 'error')));
    assert.equal(last.optimizerState.length, 1 + 2 * last.weights.length, `batch ${batchSize}`);
    const slow = last.optimizerState.subarray(last.optimizerState.length - last.weights.length);
    assert.deepEqual(last.weights, slow, `batch ${batchSize}: the weights after the last step are the slow copy`);
    assert.deepEqual(result.finalWeights, slow, `batch ${batchSize}`);
  }
});

test('resuming a run with Lookahead and identity initialisation continues bit-exactly, with and without a weight average', () => {
  for (const emaDecay of [0, 0.9]) {
    const recipe = { lookahead: true, identityInit: true, emaDecay };
    const full = train(tinyJob(recipe));
    for (const epoch of [1, 2]) {
      const checkpoint = epochs(full)[epoch - 1];
      const resumed = tinyJob(recipe);
      resumed.resumeFrom = { epoch, weights: checkpoint.weights, optimizerState: checkpoint.optimizerState };
      const rest = train(resumed);
      assert.deepEqual(done(rest)?.finalWeights, done(full)?.finalWeights, `ema ${emaDecay}, from epoch ${epoch}`);
      assert.deepEqual(
        epochs(rest).map((m) => [m.metrics.trainLoss, m.metrics.valLoss, m.optimizerState]),
        epochs(full).slice(epoch).map((m) => [m.metrics.trainLoss, m.metrics.valLoss, m.optimizerState]),
        `ema ${emaDecay}, from epoch ${epoch}`,
      );
    }
  }
});

test('test-time shift changes the final test only: training and every validation stay those of the run without it', () => {
  for (const testTimeFlip of [false, true]) {
    const without = train(tinyJob({ testTimeFlip }));
    const shifted = train(tinyJob({ testTimeFlip, testTimeShift: 1 }));
    assert.deepEqual(done(shifted)?.finalWeights, done(without)?.finalWeights, `flip ${testTimeFlip}: weights`);
    assert.deepEqual(
      epochs(shifted).map((m) => [m.metrics.valLoss, m.metrics.valAccuracy]),
      epochs(without).map((m) => [m.metrics.valLoss, m.metrics.valAccuracy]),
      `flip ${testTimeFlip}: validation`,
    );
    assert.notEqual(done(shifted)?.testLoss, done(without)?.testLoss, `flip ${testTimeFlip}: the test averages the moved images too`);
  }
});

test('a stop request ends the loop before the next batch, without testing', () => {
  const job = tinyJob();
  Atomics.store(job.control, 0, RunControl.stop);
  const messages = train(job);
  assert.deepEqual(messages.map((m) => m.type), ['stopped']);
});

test('a diverging run reports an error naming the epoch and batch instead of storing NaN', () => {
  const messages = train(tinyJob({ learningRate: 10, optimizer: 'sgd', schedule: { kind: 'constant' }, weightDecay: 0 }));
  const error = messages.find((m) => m.type === 'error');
  if (messages.some((m) => m.type === 'done')) return assert.fail('a learning rate of 10 should diverge on this problem');
  assert.ok(error && error.type === 'error');
  assert.match(error.message, /diverged.*epoch \d+, batch \d+/);
});
