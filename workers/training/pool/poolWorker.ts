// A pool worker thread: builds its own network over the shared weights (its
// own activations and gradients, in its own arena), then loops: wait for a
// command, compute its share of the chunks (poolShare.ts), report done.

import { parentPort, workerData } from 'node:worker_threads';
import { normalizationTable } from '../../../common/imageBatch.js';
import { createFastBackend } from '../../kernels/fast/fastBackend.js';
import { ChunkComputer } from '../chunkComputer.js';
import { Command, Slot } from './poolControl.js';
import { floatView } from './poolMemory.js';
import { computeShare, waitWhile, type ShareContext } from './poolShare.js';
import type { PoolWorkerData } from './poolWorkerData.js';

const data = workerData as PoolWorkerData;
const { control, workerIndex } = data;
/** The next batch's command follows within the coordinator's reduce and optimizer step (about 0.2 ms). */
const NEXT_COMMAND_SPIN_MS = 1;

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
  participant: data.workerIndex,
  participants: data.workerCount,
  computer,
  gradientSlot: (chunk) => floatView(data.memory, data.gradientSlotsOffset + 4 * data.paramCount * chunk, data.paramCount),
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

function finish(): void {
  Atomics.add(control, Slot.done, 1);
  Atomics.notify(control, Slot.done);
}

let cleanExit = false;
// A worker that dies mid-command must still count as done, or the coordinator would wait forever.
process.on('exit', () => {
  if (cleanExit) return;
  Atomics.store(control, Slot.failed, 1);
  finish();
});

// Read the generation before saying ready: the first command may follow the message at once.
let seen = Atomics.load(control, Slot.generation);
parentPort?.postMessage('ready');
for (;;) {
  waitWhile(control, Slot.generation, seen, NEXT_COMMAND_SPIN_MS);
  seen = Atomics.load(control, Slot.generation);
  const command = Atomics.load(control, Slot.command);
  if (command === Command.exit) break;
  try {
    computeShare(command, share);
  } catch (error) {
    Atomics.store(control, Slot.failed, 1);
    data.errorPort.postMessage(`worker ${workerIndex}: ${error instanceof Error ? error.message : String(error)}`);
  }
  finish();
}
cleanExit = true;
