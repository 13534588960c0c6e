// Batch norm's running statistics live in the weights a checkpoint stores,
// beside the trained parameters; the optimizer's state covers only the
// trained ones. A run through batch norm continued from any epoch must
// therefore end exactly where the uninterrupted run does, with and without a
// weight average (which averages the statistics too), and with airbench's
// recipes, whose Lookahead keeps a slow copy of the weights (statistics too)
// that must come back from the checkpoint.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hyperparameters } from '../../common/runs.js';
import type { CoordinatorMessage, DoneMessage, EpochMessage } from './protocol.js';
import { TINY_MODERN_ARCHITECTURE, tinyJob, trainInline } from './trainingFixture.js';



const epochs = (messages: CoordinatorMessage[]) => messages.filter((m): m is EpochMessage => m.type === 'epoch');
const done = (messages: CoordinatorMessage[]) => messages.find((m): m is DoneMessage => m.type === 'done');

const AIRBENCH: Partial<Hyperparameters> = {
  optimizer: 'sgdPytorch',
  nesterov: true,
  learningRate: 0.02,
  identityInit: true,
  freezeBatchNormScale: true,
  shiftLearningRateFactor: 64,
  lookahead: true,
};

const RECIPES: Array<[string, Partial<Hyperparameters>]> = [
  ['the report’s momentum', {}],
  ['Adam', { optimizer: 'adam', learningRate: 0.01 }],
  ['Nesterov with a weight average', { optimizer: 'sgdPytorch', nesterov: true, learningRate: 0.05, emaDecay: 0.8 }],
  // 3 steps an epoch: Lookahead pulls at step 5, mid-epoch 2, and the last step (9) is off the beat.
  ['airbench’s recipes (identity, frozen scale, shift ×64, Lookahead)', AIRBENCH],
  // 5 steps an epoch: every checkpoint falls just after a pull, and the last step (15) is on the beat.
  ['airbench’s recipes with a weight average, 5 steps an epoch', { ...AIRBENCH, batchSize: 20, emaDecay: 0.8 }],
];

for (const [name, recipe] of RECIPES) {
  test(`through batch norm, ${name}: continuing from epoch 1 or 2 ends bit-identical`, () => {
    const job = () => tinyJob({ epochs: 3, batchSize: 40, ...recipe }, TINY_MODERN_ARCHITECTURE);
    const full = trainInline(job());
    assert.ok(done(full), JSON.stringify(full.find((m) => m.type === 'error')));
    for (const epoch of [1, 2]) {
      const checkpoint = epochs(full)[epoch - 1];
      const resumed = job();
      resumed.resumeFrom = { epoch, weights: checkpoint.weights, optimizerState: checkpoint.optimizerState };
      const rest = trainInline(resumed);
      assert.deepEqual(done(rest)?.finalWeights, done(full)?.finalWeights, `from epoch ${epoch}`);
      assert.deepEqual(
        epochs(rest).map((m) => m.metrics.valLoss),
        epochs(full).slice(epoch).map((m) => m.metrics.valLoss),
      );
    }
  });
}
