// The shared control block between the pool's coordinator and its workers:
// an Int32Array on a SharedArrayBuffer. The coordinator writes a command and
// its arguments, bumps GENERATION and notifies; each participant takes chunks
// from NEXT_CHUNK until none is left, and each worker then increments DONE.
// No message crosses threads on the hot path.

export const Slot = {
  /** Bumped once per command; workers wait for it to change. */
  generation: 0,
  /** A Command below. */
  command: 1,
  /** Workers that finished the current command. */
  done: 2,
  /** Training: step number, batch start in the order array, batch size. */
  step: 3,
  start: 4,
  batchSize: 5,
  /** Evaluation: which image set (0 train, 1 test) and how many images. */
  imageSet: 6,
  count: 7,
  /** Set by a worker whose command threw; its message is in the worker's error channel. */
  failed: 8,
  /** Evaluation: 1 for the run's final test (test-time shift applies), 0 otherwise. */
  isTest: 9,
  /** Training: the step's epoch, from 0. */
  epoch: 10,
  /**
   * The next chunk to take: participants take chunks as they get free, so a
   * core slowed by another process hands its work to the other cores. Which
   * participant computes a chunk does not change its arithmetic.
   */
  nextChunk: 11,
  /** Training: chunks whose gradient slot is written; the slots are summed once it reaches the batch's chunk count. */
  chunksDone: 12,
  /** Training: the next slice of the summed gradient to add up. */
  nextSlice: 13,
} as const;

export const CONTROL_SLOTS = 14;

/** Added to chunksDone by a participant whose command failed, so no one waits for chunks it will not write. */
export const ABANDONED = 1 << 24;

/** `end`: the run is over; each thread lets go of its network and waits for the next run (poolThreads.ts). */
export const Command = { train: 1, evaluate: 2, end: 3 } as const;

export const ImageSetId = { train: 0, test: 1 } as const;
