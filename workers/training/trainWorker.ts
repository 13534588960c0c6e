// Entry point of the coordinator worker thread. It owns a run's epoch loop
// (and, with several workers, the pool), so the main process only ever
// handles messages. The thread outlives its run: it takes one TrainRequest
// message at a time and says `released` when the next may come (see
// keptThreads.ts).

import { parentPort } from 'node:worker_threads';
import { computeChannelStats } from '../../common/imageBatch.js';
import { collectGarbage } from './collectGarbage.js';
import { createExecutor } from './createExecutor.js';
import type { CoordinatorMessage, TrainJob, TrainRequest } from './protocol.js';
import { runTraining } from './trainingLoop.js';

const port = parentPort;
if (!port) throw new Error('trainWorker must run in a worker thread');

const post = (message: CoordinatorMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

async function train(request: TrainRequest): Promise<void> {
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
}

// One run at a time: the main process posts the next request only after `released`.
port.on('message', (request: TrainRequest) => {
  void train(request).finally(() => {
    // The run's memories are garbage now; an idle thread would not collect them before its next run.
    collectGarbage();
    post({ type: 'released' });
  });
});
