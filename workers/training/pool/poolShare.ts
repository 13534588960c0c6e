// One participant's share of a pool command, the same code for the pool's
// worker threads and for the coordinator, which computes chunks too. Each
// participant takes the next chunk of the batch (or evaluation) whenever it is
// free; a training command ends with every participant adding up slices of
// the chunks' gradients, each value summed in chunk order and rounded to
// float32 at each addition as the inline executor's addChunkGradients does, so
// the sum is the one thread's bit for bit, whoever computed which chunk or adds
// which slice.

import type { ChunkComputer } from '../chunkComputer.js';
import { chunksOf } from '../chunks.js';
import type { SharedImageSet } from '../protocol.js';
import { ABANDONED, Command, ImageSetId, Slot } from './poolControl.js';

/**
 * Floats of the summed gradient added up at a time: a slice of every slot
 * (64 KiB each) stays in cache while it is summed, and a net of a few hundred
 * thousand weights still makes enough slices to share out evenly.
 */
const SUM_SLICE = 16384;
/** The last chunks finish within a chunk's time of each other: spin rather than sleep through it. */
const CHUNKS_DONE_SPIN_MS = 5;

/** The shared arrays a share reads and writes (see PoolWorkerData). */
export interface ShareContext {
  computer: ChunkComputer;
  /** Chunk k's gradient slot in the shared memory. */
  gradientSlots: Float32Array[];
  /** The batch's gradient: the slots summed in chunk order. */
  summedGradients: Float32Array;
  /** sum += x in float32, as addChunkGradients rounds it (the fast backend's SIMD loop). */
  addFloats: (sum: Float32Array, x: Float32Array) => void;
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

/** Takes chunks of the command in the control block until none is left (then, training, slices of the gradient sum). */
export function computeShare(command: number, share: ShareContext): void {
  // The coordinator changes the weights between commands only.
  share.computer.weightsMayHaveChanged();
  if (command === Command.train) trainShare(share);
  else if (command === Command.evaluate) evaluateShare(share);
}

function trainShare(share: ShareContext): void {
  const { control, computer, chunkResults } = share;
  const at = { step: control[Slot.step], epoch: control[Slot.epoch] };
  const start = control[Slot.start];
  const batchSize = control[Slot.batchSize];
  const chunks = chunksOf(batchSize);
  for (let k = Atomics.add(control, Slot.nextChunk, 1); k < chunks.length; k = Atomics.add(control, Slot.nextChunk, 1)) {
    const chunk = chunks[k];
    const result = computer.train(share.train, share.trainOrder, start + chunk.start, chunk.count, at, chunk.start, batchSize);
    share.gradientSlots[k].set(computer.net.paramGrads);
    chunkResults[2 * k] = result.lossSum;
    chunkResults[2 * k + 1] = result.correct;
    Atomics.add(control, Slot.chunksDone, 1);
    Atomics.notify(control, Slot.chunksDone);
  }
  for (let done = Atomics.load(control, Slot.chunksDone); done < chunks.length; done = Atomics.load(control, Slot.chunksDone)) {
    waitWhile(control, Slot.chunksDone, done, CHUNKS_DONE_SPIN_MS);
  }
  if (Atomics.load(control, Slot.chunksDone) >= ABANDONED) return;
  sumGradientSlices(share, chunks.length);
}

/** Adds up slices of the chunks' gradient slots into the batch's gradient until none is left. */
function sumGradientSlices(share: ShareContext, chunkCount: number): void {
  const { control, gradientSlots, summedGradients, addFloats } = share;
  const length = summedGradients.length;
  for (let s = Atomics.add(control, Slot.nextSlice, 1); s * SUM_SLICE < length; s = Atomics.add(control, Slot.nextSlice, 1)) {
    const from = s * SUM_SLICE;
    const to = Math.min(length, from + SUM_SLICE);
    const sum = summedGradients.subarray(from, to);
    sum.set(gradientSlots[0].subarray(from, to));
    for (let k = 1; k < chunkCount; k++) addFloats(sum, gradientSlots[k].subarray(from, to));
  }
}

/** A participant's command failed: no one should wait for the chunks it will not write. */
export function abandonChunks(control: Int32Array): void {
  Atomics.add(control, Slot.chunksDone, ABANDONED);
  Atomics.notify(control, Slot.chunksDone);
}

function evaluateShare(share: ShareContext): void {
  const { control, computer, chunkResults, numClasses } = share;
  const set = control[Slot.imageSet] === ImageSetId.test ? share.test : share.train;
  const chunks = chunksOf(control[Slot.count]);
  for (let k = Atomics.add(control, Slot.nextChunk, 1); k < chunks.length; k = Atomics.add(control, Slot.nextChunk, 1)) {
    const chunk = chunks[k];
    const result = computer.evaluate(set, share.evalOrder, chunk.start, chunk.count, (offset, _label, predicted, probabilities) => {
      const position = chunk.start + offset;
      share.predictions[position] = predicted;
      share.probabilities.set(probabilities, position * numClasses);
    }, control[Slot.isTest] === 1);
    chunkResults[2 * k] = result.lossSum;
    chunkResults[2 * k + 1] = result.correct;
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
