// The main process's side of the insight worker: one thread, started on the
// first request and kept for the next ones, with each reply matched to its
// request. The thread is unref'd so it never keeps a CLI process alive; if it
// dies, pending requests fail with the reason and the next one starts a new
// thread.

import { Worker } from 'node:worker_threads';
import type { InsightReply, InsightRequest, InsightResults } from '../../workers/insight/protocol.js';
import { enableRelaxedSimd } from '../../workers/kernels/fast/relaxedSimd.js';
import { unpackedUrl } from '../runs/workerLocation.js';

const WORKER_URL = unpackedUrl(new URL('../../workers/insight/insightWorker.js', import.meta.url));

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type BodyOf<K extends InsightRequest['kind']> = Omit<Extract<InsightRequest, { kind: K }>, 'id' | 'kind'>;

export class InsightWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  request<K extends InsightRequest['kind']>(kind: K, body: BodyOf<K>, transfer: ArrayBuffer[] = []): Promise<InsightResults[K]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<InsightResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...body, kind, id }, transfer);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    enableRelaxedSimd();
    const worker = new Worker(WORKER_URL, { name: 'insight' });
    worker.unref();
    worker.on('message', (reply: InsightReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.result);
    });
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(new Error(reason));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`the insight worker failed: ${error.message}`));
    worker.on('exit', (code) => fail(`the insight worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
