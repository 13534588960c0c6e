// Worker threads kept between runs: the coordinator threads the main process
// starts (src-main/runs/runManager.ts) and the pool threads a coordinator
// drives (pool/poolThreads.ts). Starting and ending threads per run left
// glibc's malloc heaps holding memory run after run (issue 13: +11% RSS over
// 100 short runs), and cost a fresh isolate and WebAssembly compile each time.
// An idle thread waits unreferenced, so it never keeps its owner alive.

import { Worker, type WorkerOptions } from 'node:worker_threads';

export class KeptThreads {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private created = 0;

  constructor(
    private readonly url: URL,
    /** Thread names are `${name}-1`, `${name}-2`, … */
    private readonly name: string,
    /** Idle threads kept; more are ended. */
    private readonly maxIdle: number,
    private readonly options: Omit<WorkerOptions, 'name'> = {},
  ) {}

  /** An idle thread, or a new one: referenced until it is kept again. */
  take(): Worker {
    const reused = this.idle.pop();
    if (reused) {
      reused.ref();
      return reused;
    }
    const worker = new Worker(this.url, { ...this.options, name: `${this.name}-${++this.created}` });
    this.live.add(worker);
    worker.once('exit', () => {
      // Ended (kept over the limit, closed, or crashed): never handed out again.
      this.live.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  /** A thread that let go of its run: kept for the next one, or ended over the limit. */
  keep(worker: Worker): void {
    if (!this.live.has(worker)) return;
    if (this.idle.length >= this.maxIdle) {
      void worker.terminate();
      return;
    }
    worker.unref();
    this.idle.push(worker);
  }

  /** A thread in an unknown state (its run failed or was abandoned): ended, not kept. */
  end(worker: Worker): Promise<number> {
    return worker.terminate();
  }

  /** Threads alive now, idle or at work. */
  get liveCount(): number {
    return this.live.size;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** Ends every idle thread; threads at work are ended or kept by their runs. */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}
