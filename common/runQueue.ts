// Runs waiting to train: queued one at a time from the Train view or many at
// once by a sweep. The queue lives in the store so it outlives the process;
// runs left waiting when the app last closed (or crashed) come back held, and
// the person decides whether to start them.

import type { StartRunRequest } from './api/contract.js';

export interface QueuedRun {
  /** The queue entry's id (not a run id: the run is created when it starts). */
  id: number;
  name: string;
  request: StartRunRequest;
  /** The sweep that queued it, e.g. "sweep 3 of 8", or null. */
  sweepLabel: string | null;
  /** Why it could not start last time it was its turn; it stays until cancelled. */
  error: string | null;
  createdAt: string;
}

export interface QueueState {
  /** In the order they will start. */
  runs: QueuedRun[];
  /** The queue does not start runs on its own until resumeQueue. */
  held: boolean;
  /** Why it is held, for people: left from an earlier session, or a run failed to start. */
  heldReason: string | null;
}

/** More than this many waiting runs is almost always a sweep typed by mistake. */
export const MAX_QUEUED_RUNS = 200;
