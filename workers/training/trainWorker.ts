// Entry point of the coordinator worker thread: one per run.

import { parentPort, workerData } from 'node:worker_threads';
import { createTrainingBackend } from '../kernels/createTrainingBackend.js';
import type { CoordinatorMessage, TrainJob } from './protocol.js';
import { runTraining } from './trainingLoop.js';

const port = parentPort;
if (!port) throw new Error('trainWorker must run in a worker thread');

const post = (message: CoordinatorMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
try {
  const job = workerData as TrainJob;
  runTraining(job, await createTrainingBackend(), post);
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
