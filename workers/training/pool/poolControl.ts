// The shared control block between the pool's coordinator and its workers:
// an Int32Array on a SharedArrayBuffer. The coordinator writes a command and
// its arguments, bumps GENERATION and notifies; each worker runs its chunks
// and increments DONE. No message crosses threads on the hot path.

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
} as const;

export const CONTROL_SLOTS = 11;

/** `end`: the run is over; each thread lets go of its network and waits for the next run (poolThreads.ts). */
export const Command = { train: 1, evaluate: 2, end: 3 } as const;

export const ImageSetId = { train: 0, test: 1 } as const;
