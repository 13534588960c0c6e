// A pool worker thread. For each run it is handed (a PoolWorkerData message)
// it builds its own network over the shared weights (its own activations and
// gradients, in its own arena), then loops: wait for a command, compute its
// share of the chunks (poolShare.ts), report done. At the run's end it lets
// go of the network and waits for the next run (see poolThreads.ts).

import { parentPort } from 'node:worker_threads';
import { normalizationTable } from '../../../common/imageBatch.js';
import { createFastBackend } from '../../kernels/fast/fastBackend.js';
import { ChunkComputer } from '../chunkComputer.js';
import { collectGarbage } from '../collectGarbage.js';
import { Command, Slot } from './poolControl.js';
import { floatView } from './poolMemory.js';
import { abandonChunks, computeShare, waitWhile, type ShareContext } from './poolShare.js';
import type { PoolWorkerData } from './poolWorkerData.js';

const port = parentPort;
if (!port) throw new Error('poolWorker must run in a worker thread');

/** The next batch's command follows within the coordinator's optimizer step (under a millisecond for a few hundred thousand weights). */
const NEXT_COMMAND_SPIN_MS = 1;

function finish(control: Int32Array): void {
  Atomics.add(control, Slot.done, 1);
  Atomics.notify(control, Slot.done);
}

/** The control block of the run in progress, if any. */
let current: Int32Array | null = null;
// A worker that dies mid-command must still count as done, or the coordinator would wait forever.
process.on('exit', () => {
  if (current === null) return;
  Atomics.store(current, Slot.failed, 1);
  abandonChunks(current);
  finish(current);
});

function serve(data: PoolWorkerData): void {
  const { control, workerIndex } = data;
  const backend = createFastBackend({ memory: data.memory, arena: data.arena, module: data.module });
  const computer = new ChunkComputer({
    architecture: data.architecture,
    backend,
    numClasses: data.numClasses,
    seed: data.seed,
    normalization: normalizationTable(data.normalization),
    recipe: data.recipe,
    paramValues: floatView(data.memory, data.paramsOffset, data.paramCount),
  });
  const share: ShareContext = {
    computer,
    gradientSlots: Array.from({ length: data.gradientSlots }, (_, k) => backend.floatsAt(data.gradientSlotsOffset + 4 * data.paramCount * k, data.paramCount)),
    summedGradients: backend.floatsAt(data.summedGradientOffset, data.paramCount),
    addFloats: (sum, x) => backend.addFloats(sum, x),
    control,
    chunkResults: data.chunkResults,
    train: data.train,
    test: data.test,
    trainOrder: data.trainOrder,
    evalOrder: data.evalOrder,
    predictions: data.predictions,
    probabilities: data.probabilities,
    numClasses: data.numClasses,
  };

  // Read the generation before saying ready: the first command may follow the message at once.
  let seen = Atomics.load(control, Slot.generation);
  port!.postMessage('ready');
  for (;;) {
    waitWhile(control, Slot.generation, seen, NEXT_COMMAND_SPIN_MS);
    seen = Atomics.load(control, Slot.generation);
    const command = Atomics.load(control, Slot.command);
    if (command === Command.end) break;
    try {
      computeShare(command, share);
    } catch (error) {
      Atomics.store(control, Slot.failed, 1);
      abandonChunks(control);
      data.errorPort.postMessage(`worker ${workerIndex}: ${error instanceof Error ? error.message : String(error)}`);
    }
    finish(control);
  }
  data.errorPort.close();
}

port.on('message', (data: PoolWorkerData) => {
  current = data.control;
  try {
    serve(data);
  } finally {
    current = null;
  }
  // Once this handler (and `data` with it) is gone, the run's network and its view of the
  // shared memory are garbage: collected here, or never.
  setImmediate(() => {
    collectGarbage();
    port.postMessage('released');
  });
});
