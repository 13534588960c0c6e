// A pool worker: builds its own network over the shared weights (its own
// activations and gradients, in its own arena), then loops: wait for a
// command, compute its share of the chunks, report done.

import { parentPort, workerData } from 'node:worker_threads';
import { normalizationTable } from '../../../common/imageBatch.js';
import { createFastBackend } from '../../kernels/fast/fastBackend.js';
import { ChunkComputer } from '../chunkComputer.js';
import { chunksOf } from '../chunks.js';
import { Command, ImageSetId, Slot } from './poolControl.js';
import { floatView } from './poolMemory.js';
import type { PoolWorkerData } from './poolWorkerData.js';

const data = workerData as PoolWorkerData;
const { control, chunkResults, workerIndex, workerCount } = data;

const backend = createFastBackend({ memory: data.memory, arena: data.arena, module: data.module });
const computer = new ChunkComputer({
  architecture: data.architecture,
  backend,
  numClasses: data.numClasses,
  seed: data.seed,
  normalization: normalizationTable(data.normalization),
  paramValues: floatView(data.memory, data.paramsOffset, data.paramCount),
});
const gradientSlot = (chunk: number) => floatView(data.memory, data.gradientSlotsOffset + 4 * data.paramCount * chunk, data.paramCount);

function train(): void {
  const step = control[Slot.step];
  const start = control[Slot.start];
  const batchSize = control[Slot.batchSize];
  for (const chunk of chunksOf(batchSize)) {
    if (chunk.index % workerCount !== workerIndex) continue;
    const result = computer.train(data.train, data.trainOrder, start + chunk.start, chunk.count, step, chunk.start, batchSize);
    gradientSlot(chunk.index).set(computer.net.paramGrads);
    chunkResults[2 * chunk.index] = result.lossSum;
    chunkResults[2 * chunk.index + 1] = result.correct;
  }
}

function evaluate(): void {
  const set = control[Slot.imageSet] === ImageSetId.test ? data.test : data.train;
  const classes = data.numClasses;
  for (const chunk of chunksOf(control[Slot.count])) {
    if (chunk.index % workerCount !== workerIndex) continue;
    const result = computer.evaluate(set, data.evalOrder, chunk.start, chunk.count, (offset, _label, predicted, probabilities) => {
      const position = chunk.start + offset;
      data.predictions[position] = predicted;
      data.probabilities.set(probabilities, position * classes);
    });
    chunkResults[2 * chunk.index] = result.lossSum;
    chunkResults[2 * chunk.index + 1] = result.correct;
  }
}

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
  Atomics.wait(control, Slot.generation, seen);
  seen = Atomics.load(control, Slot.generation);
  const command = Atomics.load(control, Slot.command);
  if (command === Command.exit) break;
  try {
    if (command === Command.train) train();
    else if (command === Command.evaluate) evaluate();
  } catch (error) {
    Atomics.store(control, Slot.failed, 1);
    data.errorPort.postMessage(`worker ${workerIndex}: ${error instanceof Error ? error.message : String(error)}`);
  }
  finish();
}
cleanExit = true;
