import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizationTable } from '../../../common/imageBatch.js';
import { createFastBackend } from '../../kernels/fast/fastBackend.js';
import { chunkRecipe } from '../chunkComputer.js';
import type { BatchExecutor } from '../executor.js';
import { InlineExecutor } from '../inlineExecutor.js';
import type { CoordinatorMessage, DoneMessage, TrainJob } from '../protocol.js';
import { TINY_MODERN_ARCHITECTURE, TINY_WHITENED_ARCHITECTURE, TINY_WINOGRAD_ARCHITECTURE, tinyJob } from '../trainingFixture.js';
import { runTraining } from '../trainingLoop.js';
import { PoolExecutor } from './poolExecutor.js';
import { poolThreads } from './poolThreads.js';

// 100 training images in batches of 40 (chunks 16+16+8, then 16+4): 3 steps an epoch, 51 steps in all.
const job = () => tinyJob({ epochs: 17, batchSize: 40 });

async function trainWith(makeExecutor: (job: TrainJob) => Promise<BatchExecutor>, makeJob = job): Promise<DoneMessage> {
  const j = makeJob();
  const executor = await makeExecutor(j);
  const messages: CoordinatorMessage[] = [];
  try {
    runTraining(j, executor, (message) => messages.push(message));
  } finally {
    await executor.close();
  }
  const done = messages.find((m): m is DoneMessage => m.type === 'done');
  assert.ok(done, `training finished: ${JSON.stringify(messages.find((m) => m.type === 'error'))}`);
  return done;
}

const inline = async (j: TrainJob) =>
  new InlineExecutor({
    architecture: j.architecture,
    backend: createFastBackend({ memoryBytes: 64 * 1024 * 1024 }),
    numClasses: j.classNames.length,
    seed: j.hyperparameters.seed,
    normalization: normalizationTable(j.normalization),
    recipe: chunkRecipe(j.hyperparameters),
  });

test('weights after 51 steps are bit-identical with 1 thread, 1, 2 and 3 pool workers', async () => {
  const reference = await trainWith(inline);
  for (const workers of [1, 2, 3]) {
    const pooled = await trainWith((j) => PoolExecutor.start(j, workers));
    assert.deepEqual(pooled.finalWeights, reference.finalWeights, `${workers} workers`);
    assert.deepEqual(pooled.predictions, reference.predictions, `${workers} workers: test predictions`);
    assert.equal(pooled.testLoss, reference.testLoss, `${workers} workers: test loss`);
    assert.deepEqual(pooled.misclassified, reference.misclassified, `${workers} workers: misclassified`);
  }
});

test('with a Winograd convolution too, 2 pool workers give the weights of 1 thread bit for bit', async () => {
  const winogradJob = () => tinyJob({ epochs: 17, batchSize: 40 }, TINY_WINOGRAD_ARCHITECTURE);
  const reference = await trainWith(inline, winogradJob);
  const pooled = await trainWith((j) => PoolExecutor.start(j, 2), winogradJob);
  assert.deepEqual(pooled.finalWeights, reference.finalWeights);
  assert.deepEqual(pooled.predictions, reference.predictions);
  assert.ok(reference.testAccuracy > 0.9, `the Winograd network learns the tiny problem (test accuracy ${reference.testAccuracy})`);
});

test('through batch norm, leaky ReLU and average pooling, 1 thread and 1, 2, 3 pool workers agree bit for bit', async () => {
  // Batch norm's running statistics travel in the weights: equal weights mean equal statistics too.
  const modernJob = () => tinyJob({ epochs: 17, batchSize: 40 }, TINY_MODERN_ARCHITECTURE);
  const reference = await trainWith(inline, modernJob);
  for (const workers of [1, 2, 3]) {
    const pooled = await trainWith((j) => PoolExecutor.start(j, workers), modernJob);
    assert.deepEqual(pooled.finalWeights, reference.finalWeights, `${workers} workers`);
    assert.deepEqual(pooled.predictions, reference.predictions, `${workers} workers: test predictions`);
  }
  assert.ok(reference.testAccuracy > 0.9, `the network learns the tiny problem (test accuracy ${reference.testAccuracy})`);
});

test('behind patch whitening (filters computed from the images when the run starts), 1 thread and 1, 2, 3 pool workers agree bit for bit', async () => {
  const whitenedJob = () => tinyJob({ epochs: 17, batchSize: 40, learningRate: 0.05 }, TINY_WHITENED_ARCHITECTURE);
  const reference = await trainWith(inline, whitenedJob);
  for (const workers of [1, 2, 3]) {
    const pooled = await trainWith((j) => PoolExecutor.start(j, workers), whitenedJob);
    assert.deepEqual(pooled.finalWeights, reference.finalWeights, `${workers} workers`);
    assert.deepEqual(pooled.predictions, reference.predictions, `${workers} workers: test predictions`);
  }
  assert.ok(reference.testAccuracy > 0.9, `the network learns the tiny problem (test accuracy ${reference.testAccuracy})`);
});

test('augmented (crop, flip, cutout), with label smoothing, a weight average, test-time flip and shift: 1 thread and 1, 2, 3 pool workers agree bit for bit', async () => {
  // Each image's augmentation is drawn from (seed, step, its place in the batch), not from the chunk or worker that builds it.
  const recipesJob = () =>
    tinyJob({
      epochs: 6,
      batchSize: 40,
      augmentation: { cropPadding: 2, horizontalFlip: true, cutoutSize: 3 },
      labelSmoothing: 0.1,
      emaDecay: 0.9,
      testTimeFlip: true,
      testTimeShift: 1,
      nesterov: true,
    });
  const reference = await trainWith(inline, recipesJob);
  for (const workers of [1, 2, 3]) {
    const pooled = await trainWith((j) => PoolExecutor.start(j, workers), recipesJob);
    assert.deepEqual(pooled.finalWeights, reference.finalWeights, `${workers} workers`);
    assert.deepEqual(pooled.predictions, reference.predictions, `${workers} workers: test predictions`);
    assert.equal(pooled.testLoss, reference.testLoss, `${workers} workers: test loss`);
    assert.deepEqual(pooled.misclassified, reference.misclassified, `${workers} workers: misclassified`);
  }
});

test('airbench’s recipes (identity, frozen scale, shift ×64, Lookahead moving the shared weights between batches): 1 thread and 1, 2 pool workers agree bit for bit', async () => {
  const airbenchJob = () =>
    tinyJob(
      { epochs: 6, batchSize: 40, optimizer: 'sgdPytorch', learningRate: 0.02, identityInit: true, freezeBatchNormScale: true, shiftLearningRateFactor: 64, lookahead: true },
      TINY_MODERN_ARCHITECTURE,
    );
  const reference = await trainWith(inline, airbenchJob);
  for (const workers of [1, 2]) {
    const pooled = await trainWith((j) => PoolExecutor.start(j, workers), airbenchJob);
    assert.deepEqual(pooled.finalWeights, reference.finalWeights, `${workers} workers`);
    assert.deepEqual(pooled.predictions, reference.predictions, `${workers} workers: test predictions`);
  }
});

test('pool threads are kept after a run and trained on by the next (the bit-identical tests above run on kept threads too)', async () => {
  const first = await PoolExecutor.start(job(), 3);
  const idleBefore = poolThreads.idleCount;
  await first.close();
  assert.equal(poolThreads.idleCount, idleBefore + 2, 'both threads kept');
  const second = await PoolExecutor.start(job(), 3);
  assert.equal(poolThreads.idleCount, idleBefore, 'both taken again');
  await second.close();
});

test('a failing worker command surfaces as an error naming the worker, not a hang; the pool’s threads are then ended, not kept', async () => {
  const j = job();
  const pool = await PoolExecutor.start(j, 2);
  const idleBefore = poolThreads.idleCount;
  try {
    // Corrupt labels (the images live in shared memory) make the loss layer throw in whichever participant
    // takes a chunk: the coordinator fails on its first and takes no more, so the thread takes one too.
    for (let i = 0; i < 40; i++) j.train.labels[j.trainIndices[i]] = 200;
    assert.throws(() => pool.trainBatch(j.train, j.trainIndices, 0, 40, { step: 0, epoch: 0 }), /worker 0: .*label 200.*; worker 1: .*label 200/);
  } finally {
    await pool.close();
  }
  assert.equal(poolThreads.idleCount, idleBefore);
});
