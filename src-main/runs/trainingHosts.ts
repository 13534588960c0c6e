// The coordinator threads that train runs, kept across runs. Starting and
// ending a thread per run left glibc's malloc arenas holding memory run after
// run (issue 13 measured +11% RSS from run 20 to run 100 of short runs), and
// cost a fresh isolate, module load and WebAssembly compile per run. A thread
// here trains one run at a time; between runs it waits, unreferenced, so an
// idle thread never keeps the process alive.

import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Idle threads kept for the next runs; more are ended (two runs at once is the common most). */
const MAX_IDLE = 2;

export class TrainingHosts {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private created = 0;

  constructor(
    private readonly url: URL,
    private readonly resourceLimits: ResourceLimits | undefined,
  ) {}

  /** An idle thread, or a new one: referenced until it is released. */
  acquire(): Worker {
    const reused = this.idle.pop();
    if (reused) {
      reused.ref();
      return reused;
    }
    const worker = new Worker(this.url, { name: `training-${++this.created}`, resourceLimits: this.resourceLimits });
    this.live.add(worker);
    worker.once('exit', () => {
      // Ended (released over the limit, terminated on close, or crashed): never handed out again.
      this.live.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  /** The thread said its run's memory is let go: keep it for the next run, or end it. */
  release(worker: Worker): void {
    if (!this.live.has(worker)) return;
    if (this.idle.length >= MAX_IDLE) {
      void worker.terminate();
      return;
    }
    worker.unref();
    this.idle.push(worker);
  }

  /** A thread in an unknown state (it threw outside a run, or its run was abandoned): ended, not reused. */
  discard(worker: Worker): void {
    void worker.terminate();
  }

  /** Threads alive now, idle or training (for tests and the memory benchmark). */
  get threadCount(): number {
    return this.live.size;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** Ends every idle thread. Threads still training are ended by their runs. */
  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((worker) => worker.terminate()));
  }
}
