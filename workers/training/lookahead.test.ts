import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizationTable } from '../../common/imageBatch.js';
import { createFastBackend } from '../kernels/fast/fastBackend.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { buildNetwork } from '../network.js';
import { createOptimizer } from '../optim/createOptimizer.js';
import { Lookahead, lookaheadDecay } from './lookahead.js';
import { chunkRecipe } from './chunkComputer.js';
import { InlineExecutor } from './inlineExecutor.js';
import { TINY_ARCHITECTURE, TINY_WINOGRAD_ARCHITECTURE, tinyJob } from './trainingFixture.js';
import { encodeTrainingState, restoreTrainingState } from './trainingState.js';
import { WeightAverage } from './weightAverage.js';

/** Steps 1..T of a run whose "optimizer" adds `delta` to every weight, Lookahead after each; the weights after every step. */
function walk(totalSteps: number, start: number[], delta: number[]): { weights: number[][]; slow: number[] } {
  const weights = Float32Array.from(start);
  const lookahead = new Lookahead(weights, totalSteps);
  const seen: number[][] = [];
  for (let t = 1; t <= totalSteps; t++) {
    weights.forEach((w, k) => (weights[k] = w + delta[k]));
    lookahead.afterStep(t, weights);
    seen.push(Array.from(weights));
  }
  return { weights: seen, slow: Array.from(lookahead.values) };
}

function close(actual: number[], expected: number[], label: string): void {
  actual.forEach((value, k) => assert.ok(Math.abs(value - expected[k]) < 1e-5, `${label} [${k}]: ${value} vs ${expected[k]}`));
}

test('α_t = 0.95⁵·(t/T)³', () => {
  assert.equal(lookaheadDecay(0, 10), 0);
  assert.ok(Math.abs(lookaheadDecay(10, 10) - 0.7737809375) < 1e-15);
  assert.ok(Math.abs(lookaheadDecay(5, 10) - 0.7737809375 / 8) < 1e-15);
});

test('every 5th step pulls the weights to the slow copy, and the last step ends on it (T = 10, by hand)', () => {
  // Weights start at (0, 10), each step adds (1, −2). Steps 1–4 leave them alone.
  // t = 5: α = 0.7737809375·(1/2)³ = 0.0967226171875; slow = 0 + (1 − α)·(5 − 0) = 4.5163869140625,
  //        and 10 + (1 − α)·(0 − 10) = 0.967226171875; the weights jump there.
  // t = 10: the weights are slow + 5·(1, −2); α = 0.7737809375, so slow moves (1 − α)·5·(1, −2) = (1.1310953125, −2.262190625).
  const { weights, slow } = walk(10, [0, 10], [1, -2]);
  close(weights[3], [4, 2], 'step 4');
  close(weights[4], [4.5163869140625, 0.967226171875], 'step 5');
  close(weights[8], [4.5163869140625 + 4, 0.967226171875 - 8], 'step 9');
  close(weights[9], [5.6474822265625, -1.294964453125], 'step 10');
  assert.deepEqual(weights[9], slow, 'the run ends on the slow copy');
});

test('a last step off the 5-step beat only copies the slow weights back (T = 7, by hand)', () => {
  // t = 5: α = 0.7737809375·(5/7)³; slow = (1 − α)·5. Steps 6 and 7 add 1 each; after step 7 the weights are the slow copy again.
  const alpha = 0.7737809375 * (5 / 7) ** 3;
  const { weights, slow } = walk(7, [0], [1]);
  close(weights[4], [(1 - alpha) * 5], 'step 5');
  close(weights[5], [(1 - alpha) * 5 + 1], 'step 6');
  close(weights[6], [(1 - alpha) * 5], 'step 7');
  assert.deepEqual(weights[6], slow);
});

test('the training state carries the slow copy after the optimizer and the average, and restores each', () => {
  const net = buildNetwork(TINY_ARCHITECTURE, { backend: createReferenceBackend('float32'), maxBatch: 2, seed: 1, numClasses: 4 });
  const h = { optimizer: 'sgdMomentum' as const, momentum: 0.9, weightDecay: 0 };
  const optimizer = createOptimizer(h);
  const params = net.trainedParams().map((param) => ({ ...param, grad: param.grad.fill(0.5) }));
  optimizer.step(params, 0.1);
  const average = new WeightAverage(0.99, net.paramValues);
  average.update(net.paramValues.map((value) => value + 1));
  const lookahead = new Lookahead(net.paramValues.map((value) => value - 1), 10);

  for (const withAverage of [false, true]) {
    const encoded = encodeTrainingState(optimizer, withAverage ? average : null, lookahead);
    assert.equal(encoded.length, 1 + net.trainedCount + (withAverage ? 1 + net.paramCount : 0) + net.paramCount);
    assert.deepEqual(encoded.subarray(encoded.length - net.paramCount), lookahead.values, 'the slow copy comes last');
    const otherAverage = withAverage ? new WeightAverage(0.99, new Float32Array(net.paramCount)) : null;
    const otherLookahead = new Lookahead(new Float32Array(net.paramCount), 10);
    restoreTrainingState(encoded, h, net, createOptimizer(h), otherAverage, otherLookahead);
    assert.deepEqual(otherLookahead.values, lookahead.values);
    if (otherAverage) assert.deepEqual(otherAverage.values, average.values);
  }
  assert.throws(
    () => restoreTrainingState(encodeTrainingState(createOptimizer({ ...h, optimizer: 'sgd' }), null), h, net, createOptimizer(h), null, new Lookahead(new Float32Array(net.paramCount), 10)),
    /too few for the optimizer and a Lookahead copy/,
  );
});

test('the batch after Lookahead moves the weights computes with the moved weights, not a kept filter transform of the old ones', () => {
  // The 8→8 convolution runs through Winograd, whose filter transform a convolution keeps for one weights version.
  const job = tinyJob({ lookahead: true }, TINY_WINOGRAD_ARCHITECTURE);
  const executor = () =>
    new InlineExecutor({
      architecture: job.architecture,
      backend: createFastBackend({ memoryBytes: 64 * 1024 * 1024 }),
      numClasses: job.classNames.length,
      seed: job.hyperparameters.seed,
      normalization: normalizationTable(job.normalization),
      recipe: chunkRecipe(job.hyperparameters),
    });
  const trained = executor();
  trained.trainBatch(job.train, job.trainIndices, 0, 20, { step: 0, epoch: 0 });
  const lookahead = new Lookahead(trained.net.paramValues.map((value) => 0.5 * value + 0.01), 5);
  lookahead.afterStep(5, trained.net.paramValues);
  trained.trainBatch(job.train, job.trainIndices, 20, 20, { step: 1, epoch: 0 });

  const fresh = executor();
  fresh.net.setWeights(lookahead.values);
  fresh.trainBatch(job.train, job.trainIndices, 20, 20, { step: 1, epoch: 0 });
  assert.deepEqual(trained.summedGradients, fresh.summedGradients);
});
