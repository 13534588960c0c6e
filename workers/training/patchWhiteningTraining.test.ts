// Training with a patch-whitening first layer: its filters are computed from
// the training images when a run starts (not when it resumes), never stepped
// by the optimizer, and the same for the same images.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizationTable } from '../../common/imageBatch.js';
import { createOptimizer } from '../optim/createOptimizer.js';
import { initializeFromData, WHITENING_IMAGES } from './dataInitialization.js';
import type { CoordinatorMessage, DoneMessage, EpochMessage, SharedImageSet, TrainJob } from './protocol.js';
import { halvesImageSet, inlineExecutorFor, TINY_WHITENED_ARCHITECTURE, tinyJob, trainInline } from './trainingFixture.js';

/** 2×2 patches of one channel: 8 filters of 4 values, then the bias. */
const FILTER_VALUES = 8 * 4;

const whitenedJob = (overrides = {}) => tinyJob({ epochs: 4, learningRate: 0.05, ...overrides }, TINY_WHITENED_ARCHITECTURE);
const done = (messages: CoordinatorMessage[]) => messages.find((m): m is DoneMessage => m.type === 'done');
const epochs = (messages: CoordinatorMessage[]) => messages.filter((m): m is EpochMessage => m.type === 'epoch');

/** The filters a fresh run of `job` starts with. */
function startingFilters(job: TrainJob, train: SharedImageSet = job.train, indices: ArrayLike<number> = job.trainIndices): Float32Array {
  const { net } = inlineExecutorFor(job);
  initializeFromData(net, train, indices, normalizationTable(job.normalization));
  return net.getWeights().slice(0, FILTER_VALUES);
}

test('a tiny network behind patch whitening learns the tiny problem, and its filters never change', () => {
  const job = whitenedJob();
  const messages = trainInline(job);
  const result = done(messages);
  assert.ok(result, JSON.stringify(messages.find((m) => m.type === 'error')));
  assert.ok(result.testAccuracy >= 0.9, `test accuracy ${result.testAccuracy}`);
  const filters = startingFilters(job);
  assert.ok(filters.every(Number.isFinite) && filters.some((v) => v !== 0));
  // Momentum and weight decay on: the optimizer would have moved them had it seen them.
  assert.deepEqual(result.finalWeights.slice(0, FILTER_VALUES), filters);
  for (const epoch of epochs(messages)) assert.deepEqual(epoch.weights.slice(0, FILTER_VALUES), filters);
  assert.ok(result.finalWeights.slice(FILTER_VALUES, FILTER_VALUES + 8).some((b) => b !== 0), 'the bias trains');
  assert.deepEqual([result.firstLayerFilters?.count, result.firstLayerFilters?.height], [8, 2]);
});

test('one optimizer step: the bias moves, the fixed filters keep every bit, and the optimizer state leaves them out', () => {
  const job = whitenedJob();
  const executor = inlineExecutorFor(job);
  const { net } = executor;
  initializeFromData(net, job.train, job.trainIndices, normalizationTable(job.normalization));
  const before = net.getWeights();
  const optimizer = createOptimizer({ optimizer: 'adam', momentum: 0.9, weightDecay: 0.01 });
  executor.trainBatch(job.train, job.trainIndices, 0, 20, { step: 0, epoch: 0 });
  optimizer.step(executor.optimizerParams, 0.1);
  const after = net.getWeights();
  assert.deepEqual(after.slice(0, FILTER_VALUES), before.slice(0, FILTER_VALUES));
  assert.ok(after.slice(FILTER_VALUES, FILTER_VALUES + 8).every((b, k) => b !== before[FILTER_VALUES + k]));
  assert.equal(net.trainedCount, net.paramCount - FILTER_VALUES - 2 * 8);
  assert.ok(!executor.optimizerParams.some((param) => param.role === 'fixed'));
  assert.equal(executor.optimizerParams[0].name, 'bias');
});

test('the filters come from the first 5,000 training images in split order: the same images give the same bits, later images change nothing', () => {
  const job = whitenedJob();
  assert.deepEqual(startingFilters(job), startingFilters(whitenedJob()));
  const many = halvesImageSet(WHITENING_IMAGES + 50, 3);
  const indices = Uint32Array.from({ length: many.count }, (_, i) => i);
  const filters = startingFilters(job, many, indices);
  const changedLate = { ...many, images: many.images.slice() };
  changedLate.images.fill(255, WHITENING_IMAGES * 64);
  assert.deepEqual(startingFilters(job, changedLate, indices), filters);
  const changedEarly = { ...many, images: many.images.slice() };
  changedEarly.images.fill(255, 0, 64 * 100);
  assert.notDeepEqual(startingFilters(job, changedEarly, indices), filters);
});

test('a resumed run keeps the filters of its checkpoint instead of computing them again', () => {
  const full = trainInline(whitenedJob());
  const first = epochs(full)[0];
  const resumed = whitenedJob();
  resumed.resumeFrom = { epoch: 1, weights: first.weights, optimizerState: first.optimizerState };
  assert.deepEqual(done(trainInline(resumed))?.finalWeights, done(full)?.finalWeights);
  const marked = first.weights.slice();
  for (let k = 0; k < FILTER_VALUES; k++) marked[k] *= 0.5;
  const fromMarked = whitenedJob();
  fromMarked.resumeFrom = { epoch: 1, weights: marked, optimizerState: first.optimizerState };
  assert.deepEqual(done(trainInline(fromMarked))?.finalWeights.slice(0, FILTER_VALUES), marked.slice(0, FILTER_VALUES));
});

test('images that are all the same train without NaN: epsilon keeps the filters finite', () => {
  const job = whitenedJob({ epochs: 1 });
  job.train.images.fill(128);
  job.normalization = { mean: [128 / 255], std: [1] };
  const filters = startingFilters(job);
  assert.ok(filters.every(Number.isFinite));
  const result = done(trainInline(job));
  assert.ok(result);
  assert.ok(result.finalWeights.every(Number.isFinite));
});
