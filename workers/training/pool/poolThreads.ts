// The pool's worker threads, kept by the coordinator thread across runs. A
// thread started and ended per run leaves glibc's malloc arenas holding
// memory run after run; a kept thread builds its next run's network in the
// memory its last one let go. A thread that failed or did not let go in time
// is ended instead of kept.

import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('./poolWorker.js', import.meta.url);

/** More than any worker count a run may ask for on the machines this runs on. */
const MAX_IDLE = 16;

const idle: Worker[] = [];
let created = 0;

/** An idle pool thread, or a new one. */
export function takePoolThread(): Worker {
  const reused = idle.pop();
  if (reused) {
    reused.ref();
    return reused;
  }
  const worker = new Worker(WORKER_URL, { name: `pool-${++created}` });
  worker.once('exit', () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  return worker;
}

/** A thread that said `released` after its run: kept for the next run, without keeping its owner alive. */
export function keepPoolThread(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idle.push(worker);
}

/** Idle threads now (for tests). */
export function idlePoolThreads(): number {
  return idle.length;
}
