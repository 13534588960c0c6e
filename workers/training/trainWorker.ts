// Entry point of the coordinator worker thread: one per run. It owns the
// epoch loop (and, with several workers, the pool), so the main process only
// ever handles messages.

import { parentPort, workerData } from 'node:worker_threads';
import { computeChannelStats } from '../../common/imageBatch.js';
import { createExecutor } from './createExecutor.js';
import type { CoordinatorMessage, TrainJob, TrainRequest } from './protocol.js';
import { runTraining } from './trainingLoop.js';

const port = parentPort;
if (!port) throw new Error('trainWorker must run in a worker thread');

const post = (message: CoordinatorMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const request = workerData as TrainRequest;
try {
  // A pass over every training image (about 200 ms for CIFAR-10): here, not in the main process.
  const job: TrainJob = { ...request, normalization: computeChannelStats(request.train, request.imageShape.channels, request.trainIndices) };
  const executor = await createExecutor(job);
  try {
    runTraining(job, executor, post);
  } finally {
    await executor.close();
  }
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
