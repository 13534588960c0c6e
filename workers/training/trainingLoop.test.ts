import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizationTable } from '../../common/imageBatch.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { InlineExecutor } from './inlineExecutor.js';
import type { CoordinatorMessage, DoneMessage, EpochMessage } from './protocol.js';
import { RunControl } from './protocol.js';
import { tinyJob } from './trainingFixture.js';
import { runTraining } from './trainingLoop.js';

function train(job = tinyJob()): CoordinatorMessage[] {
  const messages: CoordinatorMessage[] = [];
  const executor = new InlineExecutor({
    architecture: job.architecture,
    backend: createReferenceBackend('float32'),
    numClasses: job.classNames.length,
    seed: job.hyperparameters.seed,
    normalization: normalizationTable(job.normalization),
  });
  runTraining(job, executor, (message) => messages.push(message));
  return messages;
}

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
