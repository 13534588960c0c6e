// A completed run's test image, ready for the insight worker: the run's
// final weights, its test set (the dataset as the run loaded it, limits
// included) and the channel statistics of its training split, which the
// worker computes once per run and this keeps.

import { ApiError } from '../../common/api/contract.js';
import { runSplit } from '../../common/dataSplit.js';
import { bytesPerImage } from '../../common/datasets.js';
import type { ChannelStats } from '../../common/imageBatch.js';
import type { RunDetail } from '../../common/runs.js';
import type { ImageJob } from '../../workers/insight/protocol.js';
import type { DatasetCache } from '../runs/datasetCache.js';
import type { RunStore } from '../store/runStore.js';
import type { InsightWorkerClient } from './insightWorkerClient.js';

export interface PreparedImage {
  run: RunDetail;
  job: ImageJob;
}

export class RunImages {
  private readonly stats = new Map<number, Promise<ChannelStats>>();

  constructor(
    private readonly store: RunStore,
    private readonly datasets: Pick<DatasetCache, 'load'>,
    private readonly worker: InsightWorkerClient,
  ) {}

  /** The run's network must be known and trained here or imported with weights. */
  trainedRun(runId: number): { run: RunDetail; weights: Float32Array } {
    const run = this.store.getRun(runId);
    if (run.status !== 'completed' || !run.results) throw new ApiError('conflict', `run ${runId} is ${run.status}: only a completed run's network can be looked into`);
    if (!run.architecture || !run.hyperparameters) {
      throw new ApiError('conflict', `run ${runId} was imported without its architecture or recipe, so its network cannot be rebuilt`);
    }
    const weights = this.store.getFinalWeights(runId);
    if (!weights || weights.length === 0) throw new ApiError('conflict', `run ${runId} was imported without its weights`);
    if (weights.length !== run.paramCount) {
      throw new ApiError('internal', `run ${runId} stores ${weights.length} weights but its network has ${run.paramCount} parameters`);
    }
    return { run, weights };
  }

  async prepare(runId: number, testIndex: number): Promise<PreparedImage> {
    const { run, weights } = this.trainedRun(runId);
    const h = run.hyperparameters!;
    const architecture = run.architecture!;
    if (!Number.isSafeInteger(testIndex) || testIndex < 0 || testIndex >= run.dataset.testCount) {
      throw new ApiError('invalid-argument', `test image ${String(testIndex)} is outside 0..${run.dataset.testCount - 1} of run ${runId}`);
    }
    const dataset = await this.datasets.load(run.dataset.id, { trainLimit: h.trainLimit, testLimit: h.testLimit }).catch((error: Error) => {
      throw error instanceof ApiError ? error : new ApiError('conflict', `run ${runId}'s dataset ${run.dataset.id} cannot be loaded: ${error.message}`);
    });
    if (dataset.test.count !== run.dataset.testCount) {
      throw new ApiError('conflict', `run ${runId} was tested on ${run.dataset.testCount} images but dataset ${run.dataset.id} now has ${dataset.test.count}`);
    }
    const size = bytesPerImage(dataset.info);
    let stats = this.stats.get(runId);
    if (!stats) {
      const split = runSplit(dataset.train, dataset.validationIndices, h);
      stats = this.worker.request('channelStats', {
        images: dataset.train.images,
        imageCount: dataset.train.count,
        channels: dataset.info.channels,
        indices: split.train,
      });
      this.stats.set(runId, stats);
      stats.catch(() => this.stats.delete(runId));
    }
    return {
      run,
      job: {
        weightsKey: `${runId}:${run.finishedAt ?? ''}`,
        architecture,
        numClasses: run.dataset.classNames.length,
        weights,
        stats: await stats,
        pixels: dataset.test.images.slice(testIndex * size, (testIndex + 1) * size),
        trueLabel: dataset.test.labels[testIndex],
      },
    };
  }
}
