// The pool's worker threads, kept by the coordinator thread across runs (see
// ../keptThreads.ts). A thread that failed or did not let go of its run in
// time is ended instead of kept (poolExecutor.ts).

import { KeptThreads } from '../keptThreads.js';

/** More than any worker count a run may ask for on the machines this runs on. */
const MAX_IDLE = 16;

export const poolThreads = new KeptThreads(new URL('./poolWorker.js', import.meta.url), 'pool', MAX_IDLE);
