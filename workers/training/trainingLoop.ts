// The epoch loop of one run: shuffle, train batch by batch, validate, report,
// checkpoint; then test. It runs on the coordinator worker and talks to the
// main process only through `post` and the shared control flag, so it never
// blocks the main thread and can be tested in-process. With a weight average
// (emaDecay) validation, test, the first-layer filters and the final weights
// use the average; checkpoints keep the trained weights and the average both.
// airbench's recipes: identityInit changes a fresh run's initial weights;
// Lookahead moves the weights after every 5th step and at the last one,
// before the weight average folds them in (so with both, the average is of
// the weights Lookahead leaves, and the run ends on the average).

import { learningRateAt } from '../../common/training/schedules.js';
import { epochOrder } from '../../common/dataSplit.js';
import type { EpochMetrics, FilterBank } from '../../common/runs.js';
import { recipeOf } from '../../common/training/recipe.js';
import { normalizationTable } from '../../common/imageBatch.js';
import { createOptimizer } from '../optim/createOptimizer.js';
import { initializeFromData } from './dataInitialization.js';
import type { BatchExecutor } from './executor.js';
import { RunControl, type CoordinatorMessage, type MisclassifiedRecord, type TrainJob } from './protocol.js';
import { ProgressMeter } from './progressMeter.js';
import { Lookahead } from './lookahead.js';
import { encodeTrainingState, restoreTrainingState } from './trainingState.js';
import { WeightAverage } from './weightAverage.js';

export type Post = (message: CoordinatorMessage, transfer?: ArrayBuffer[]) => void;

/** Trains with `executor` (inline or pool); returns when the run completes, stops or fails. */
export function runTraining(job: TrainJob, executor: BatchExecutor, post: Post): void {
  const h = job.hyperparameters;
  const { net } = executor;
  // Before the weight average copies the starting weights; a resumed run's checkpoint holds these tensors.
  if (!job.resumeFrom) initializeFromData(net, job.train, job.trainIndices, normalizationTable(job.normalization));
  const optimizer = createOptimizer(h);
  const recipe = recipeOf(h);
  const trainCount = job.trainIndices.length;
  const stepsPerEpoch = Math.ceil(trainCount / h.batchSize);
  // A resumed run's weights come from its checkpoint; only a fresh start sets the identity.
  if (recipe.identityInit && !job.resumeFrom) net.setPartialIdentity();
  const average = recipe.emaDecay > 0 ? new WeightAverage(recipe.emaDecay, net.paramValues) : null;
  const lookahead = recipe.lookahead ? new Lookahead(net.paramValues, h.epochs * stepsPerEpoch) : null;
  let firstEpoch = 1;
  if (job.resumeFrom) {
    net.setWeights(job.resumeFrom.weights);
    restoreTrainingState(job.resumeFrom.optimizerState, h, net, optimizer, average, lookahead);
    firstEpoch = job.resumeFrom.epoch + 1;
  }
  /** Evaluation sees the average when there is one. */
  const evaluating = <T>(work: () => T): T => (average ? average.evaluateWith(net, work) : work());

  const meter = new ProgressMeter(job, stepsPerEpoch, firstEpoch, post);

  for (let epoch = firstEpoch; epoch <= h.epochs; epoch++) {
    const epochStart = performance.now();
    // Each epoch's order depends only on (seed, epoch), so a resumed run shuffles as an uninterrupted one.
    const order = epochOrder(job.trainIndices, h.seed, epoch);
    let lossSum = 0;
    let correct = 0;
    let learningRate = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      if (!waitWhilePaused(job.control, post)) return;
      const start = step * h.batchSize;
      const batch = Math.min(h.batchSize, trainCount - start);
      learningRate = learningRateAt(h.learningRate, h.schedule, { epoch: epoch - 1, step, stepsPerEpoch, totalEpochs: h.epochs });
      const result = executor.trainBatch(job.train, order, start, batch, { step: (epoch - 1) * stepsPerEpoch + step, epoch: epoch - 1 });
      optimizer.step(executor.optimizerParams, learningRate);
      net.updateStatistics(executor.summedGradients, batch);
      // Between executor commands, as the weights may change (the next batch computes with a new weights version).
      lookahead?.afterStep((epoch - 1) * stepsPerEpoch + step + 1, net.paramValues);
      average?.update(net.paramValues);
      if (!Number.isFinite(result.lossSum)) {
        post({
          type: 'error',
          message: `training diverged: the loss became ${result.lossSum} at epoch ${epoch}, batch ${step + 1}; lower the learning rate (now ${learningRate.toPrecision(3)})`,
        });
        return;
      }
      lossSum += result.lossSum;
      correct += result.correct;
      const seen = start + batch;
      meter.training(epoch, step + 1, lossSum / seen, correct / seen, batch, result);
    }
    const trainSeconds = (performance.now() - epochStart) / 1000;

    let valLoss: number | null = null;
    let valAccuracy: number | null = null;
    if (job.valIndices.length > 0) {
      meter.phase('validating', epoch);
      const val = evaluating(() => executor.evaluate(job.train, job.valIndices, job.valIndices.length));
      valLoss = val.lossSum / val.count;
      valAccuracy = val.correct / val.count;
    }
    const metrics: EpochMetrics = {
      epoch,
      trainLoss: lossSum / trainCount,
      trainAccuracy: correct / trainCount,
      valLoss,
      valAccuracy,
      learningRate,
      durationMs: performance.now() - epochStart,
      imagesPerSecond: trainCount / trainSeconds,
    };
    const weights = net.getWeights();
    const optimizerState = encodeTrainingState(optimizer, average, lookahead);
    post({ type: 'epoch', metrics, weights, optimizerState }, [weights.buffer as ArrayBuffer, optimizerState.buffer as ArrayBuffer]);
  }

  meter.phase('testing', h.epochs);
  // From here on the network holds what the run delivers: the average when there is one.
  if (average) net.setWeights(average.values);
  const testOrder = new Uint32Array(job.test.count).map((_, i) => i);
  const misclassified: MisclassifiedRecord[] = [];
  const test = executor.evaluate(
    job.test,
    testOrder,
    job.test.count,
    (position, label, predicted, probabilities) => {
      if (predicted !== label) {
        misclassified.push({ testIndex: position, trueLabel: label, predictedLabel: predicted, probabilities: Array.from(probabilities) });
      }
    },
    true,
  );
  const finalWeights = net.getWeights();
  post(
    {
      type: 'done',
      testLoss: test.count > 0 ? test.lossSum / test.count : 0,
      testAccuracy: test.count > 0 ? test.correct / test.count : 0,
      predictions: test.predictions,
      misclassified,
      firstLayerFilters: firstLayerFilters(executor),
      finalWeights,
    },
    [finalWeights.buffer as ArrayBuffer],
  );
}

/** Blocks while paused; returns false when the run must stop. */
function waitWhilePaused(control: Int32Array, post: Post): boolean {
  let state = Atomics.load(control, 0);
  if (state === RunControl.pause) {
    post({ type: 'paused' });
    while (state === RunControl.pause) {
      Atomics.wait(control, 0, RunControl.pause);
      state = Atomics.load(control, 0);
    }
    if (state === RunControl.run) post({ type: 'resumed' });
  }
  if (state === RunControl.stop) {
    post({ type: 'stopped' });
    return false;
  }
  return true;
}

function firstLayerFilters(executor: BatchExecutor): FilterBank | null {
  const first = executor.net.layers[0];
  if (first?.type !== 'conv2d' && first?.type !== 'patchWhitening') return null;
  const weights = first.params().find((p) => p.name === 'weights');
  if (!weights) return null;
  const [count, channels, height, width] = weights.shape;
  return { count, channels, height, width, values: Array.from(weights.value) };
}
