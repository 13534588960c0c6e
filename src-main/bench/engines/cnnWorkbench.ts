// This engine, measured through the path the trainer takes: a TrainJob over
// one synthetic uint8 batch, the executor the trainer would create for it
// (fastest kernels, batches computed as fixed chunks, normalised per step as
// in a real run) and the report's SGD with momentum.

import { computeChannelStats } from '../../../common/imageBatch.js';
import { availableKernelBuilds } from '../../../workers/kernels/fast/kernelModule.js';
import { createOptimizer } from '../../../workers/optim/createOptimizer.js';
import { createExecutor, hasFastKernels } from '../../../workers/training/createExecutor.js';
import type { TrainJob } from '../../../workers/training/protocol.js';
import type { PrepareRequest } from '../protocol.js';
import { enableRelaxedSimd } from '../../../workers/kernels/fast/relaxedSimd.js';
import type { BenchEngine, BenchSession } from './engine.js';
import { syntheticBatch } from './syntheticBatch.js';

function jobFor(request: PrepareRequest, workers: number): TrainJob {
  const { network, batchSize, seed, architecture } = request;
  const batch = syntheticBatch(network.input, batchSize, network.numClasses, seed);
  const order = Uint32Array.from({ length: batchSize }, (_, i) => i);
  return {
    architecture,
    hyperparameters: {
      ...request.optimizer,
      optimizer: 'sgdMomentum',
      epochs: 1,
      batchSize,
      schedule: { kind: 'constant' },
      seed,
      valSplit: 0,
      trainLimit: null,
      testLimit: null,
      workers,
    },
    classNames: Array.from({ length: network.numClasses }, (_, i) => String(i)),
    imageShape: network.input,
    train: batch,
    test: batch,
    trainIndices: order,
    valIndices: new Uint32Array(0),
    normalization: computeChannelStats(batch, network.input.channels),
    control: new Int32Array(new SharedArrayBuffer(4)),
    progressPerSecond: 0,
  };
}

export async function createCnnWorkbenchEngine(workers: number): Promise<BenchEngine> {
  // As the run manager does before any training starts.
  enableRelaxedSimd();
  const kernels = hasFastKernels() ? `WebAssembly ${availableKernelBuilds()[0]}` : 'reference';
  return {
    description: `cnn-workbench, ${kernels} kernels, ${workers} worker${workers === 1 ? '' : 's'}`,
    threads: workers,
    notes: [],
    async open(request: PrepareRequest): Promise<BenchSession> {
      const job = jobFor(request, workers);
      // The same executor training uses: inline for 1 worker, the shared-memory pool for more.
      const executor = await createExecutor(job);
      const { batchSize } = request;
      const set = job.train;
      const order = job.trainIndices;
      if (request.mode === 'eval') {
        return { step: () => void executor.evaluate(set, order, batchSize), dispose: () => executor.close() };
      }
      const optimizer = createOptimizer(job.hyperparameters);
      let step = 0;
      return {
        step: () => {
          executor.trainBatch(set, order, 0, batchSize, { step: step++, epoch: 0 });
          optimizer.step(executor.optimizerParams, request.optimizer.learningRate);
          executor.net.updateStatistics(executor.summedGradients, batchSize);
        },
        dispose: () => executor.close(),
      };
    },
  };
}
