// cnn-workbench's side of the race: the preset's recipe through the trainer's
// own path (executor, training loop), with the test set standing in as the
// validation split so that every epoch ends with a test accuracy. The clock
// starts before the executor is built and includes every evaluation.

import type { PresetInfo } from '../../../common/api/contract.js';
import type { LoadedDataset } from '../../../common/datasets.js';
import { computeChannelStats } from '../../../common/imageBatch.js';
import type { Hyperparameters } from '../../../common/runs.js';
import { enableRelaxedSimd } from '../../../workers/kernels/fast/relaxedSimd.js';
import { createExecutor } from '../../../workers/training/createExecutor.js';
import { RunControl, type CoordinatorMessage, type SharedImageSet, type TrainJob } from '../../../workers/training/protocol.js';
import { runTraining } from '../../../workers/training/trainingLoop.js';
import type { AccuracyRace } from './targets.js';

/** Training images then test images in one set: validation indices can then point at the test images. */
function joined(dataset: LoadedDataset): SharedImageSet {
  const { train, test } = dataset;
  const images = new Uint8Array(new SharedArrayBuffer(train.images.length + test.images.length));
  images.set(train.images);
  images.set(test.images, train.images.length);
  const labels = new Uint8Array(new SharedArrayBuffer(train.count + test.count));
  labels.set(train.labels);
  labels.set(test.labels, train.count);
  return { images, labels, count: train.count + test.count };
}

export async function raceOwnEngine(preset: PresetInfo, dataset: LoadedDataset, target: number, log: (line: string) => void): Promise<AccuracyRace> {
  enableRelaxedSimd();
  const { info, train, test } = dataset;
  const hyperparameters: Hyperparameters = { ...preset.recipe, valSplit: 0 };
  const trainIndices = Uint32Array.from({ length: train.count }, (_, i) => i);
  const testIndices = Uint32Array.from({ length: test.count }, (_, i) => train.count + i);
  const job: TrainJob = {
    architecture: preset.architecture,
    hyperparameters,
    classNames: info.classNames,
    imageShape: { channels: info.channels, height: info.height, width: info.width },
    train: joined(dataset),
    test: { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 },
    trainIndices,
    valIndices: testIndices,
    normalization: computeChannelStats(train, info.channels),
    control: new Int32Array(new SharedArrayBuffer(4)),
    progressPerSecond: 0,
  };
  const race: AccuracyRace = { engine: 'cnn-workbench', description: '', epochs: [], secondsToTarget: null };
  const started = performance.now();
  const executor = await createExecutor(job);
  race.description = `cnn-workbench, ${hyperparameters.workers} workers`;
  try {
    runTraining(job, executor, (message: CoordinatorMessage) => {
      if (message.type === 'error') throw new Error(message.message);
      if (message.type !== 'epoch') return;
      const seconds = (performance.now() - started) / 1000;
      const testAccuracy = message.metrics.valAccuracy ?? 0;
      race.epochs.push({ epoch: message.metrics.epoch, seconds, testAccuracy });
      log(`${preset.id}: cnn-workbench epoch ${message.metrics.epoch}, ${seconds.toFixed(0)} s, test accuracy ${(100 * testAccuracy).toFixed(2)}%`);
      if (testAccuracy >= target) {
        race.secondsToTarget ??= seconds;
        // Reached: the loop sees the stop flag before its next batch.
        Atomics.store(job.control, 0, RunControl.stop);
      }
    });
  } finally {
    await executor.close();
  }
  return race;
}
