// One participant's share of a pool command, the same code for the pool's
// worker threads and for the coordinator, which computes chunks too: chunk k
// of a batch (or evaluation) belongs to participant k mod W.

import type { ChunkComputer } from '../chunkComputer.js';
import { chunksOf } from '../chunks.js';
import type { SharedImageSet } from '../protocol.js';
import { Command, ImageSetId, Slot } from './poolControl.js';

/** The shared arrays a share reads and writes (see PoolWorkerData). */
export interface ShareContext {
  participant: number;
  participants: number;
  computer: ChunkComputer;
  /** Chunk k's gradient slot in the shared memory. */
  gradientSlot: (chunk: number) => Float32Array;
  control: Int32Array;
  chunkResults: Float64Array;
  train: SharedImageSet;
  test: SharedImageSet;
  trainOrder: Uint32Array;
  evalOrder: Uint32Array;
  predictions: Uint8Array;
  probabilities: Float32Array;
  numClasses: number;
}

/** Runs this participant's chunks of the command in the control block. */
export function computeShare(command: number, share: ShareContext): void {
  if (command === Command.train) trainShare(share);
  else if (command === Command.evaluate) evaluateShare(share);
}

function trainShare(share: ShareContext): void {
  const { control, computer, chunkResults } = share;
  const at = { step: control[Slot.step], epoch: control[Slot.epoch] };
  const start = control[Slot.start];
  const batchSize = control[Slot.batchSize];
  for (const chunk of chunksOf(batchSize)) {
    if (chunk.index % share.participants !== share.participant) continue;
    const result = computer.train(share.train, share.trainOrder, start + chunk.start, chunk.count, at, chunk.start, batchSize);
    share.gradientSlot(chunk.index).set(computer.net.paramGrads);
    chunkResults[2 * chunk.index] = result.lossSum;
    chunkResults[2 * chunk.index + 1] = result.correct;
  }
}

function evaluateShare(share: ShareContext): void {
  const { control, computer, chunkResults, numClasses } = share;
  const set = control[Slot.imageSet] === ImageSetId.test ? share.test : share.train;
  for (const chunk of chunksOf(control[Slot.count])) {
    if (chunk.index % share.participants !== share.participant) continue;
    const result = computer.evaluate(set, share.evalOrder, chunk.start, chunk.count, (offset, _label, predicted, probabilities) => {
      const position = chunk.start + offset;
      share.predictions[position] = predicted;
      share.probabilities.set(probabilities, position * numClasses);
    }, control[Slot.isTest] === 1);
    chunkResults[2 * chunk.index] = result.lossSum;
    chunkResults[2 * chunk.index + 1] = result.correct;
  }
}

/**
 * Blocks while control[slot] === value: spinning for up to `spinMs` first,
 * then sleeping in Atomics.wait. Between the batches of a run the other side
 * answers within a fraction of a millisecond, sooner than a sleeping thread
 * is woken; a longer pause (evaluation, an epoch's end, a stopped run) sleeps.
 */
export function waitWhile(control: Int32Array, slot: number, value: number, spinMs: number): void {
  const deadline = performance.now() + spinMs;
  while (Atomics.load(control, slot) === value) {
    if (performance.now() > deadline) Atomics.wait(control, slot, value);
  }
}
