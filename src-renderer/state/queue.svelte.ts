// The runs waiting their turn, as the service reports them (onQueueChanged),
// and the person's edits to that list: add, reorder, cancel, start when held.

import type { StartRunRequest, WorkbenchApi } from '../../common/api/contract.js';
import type { QueueState as Queue, QueuedRun } from '../../common/runQueue.js';
import type { SweepRequest } from '../../common/sweeps.js';

export class QueueState {
  queue = $state.raw<Queue>({ runs: [], held: false, heldReason: null });
  error = $state<unknown>(null);
  busy = $state(false);

  readonly #api: WorkbenchApi;

  constructor(api: WorkbenchApi) {
    this.#api = api;
    api.onQueueChanged((queue) => (this.queue = queue));
  }

  get runs(): QueuedRun[] {
    return this.queue.runs;
  }

  async refresh(): Promise<void> {
    await this.#act(async () => void (this.queue = await this.#api.getQueue()));
  }

  add(request: StartRunRequest): Promise<boolean> {
    return this.#act(async () => {
      await this.#api.queueRun(request);
      this.queue = await this.#api.getQueue();
    });
  }

  addSweep(request: SweepRequest): Promise<boolean> {
    return this.#act(async () => {
      await this.#api.queueSweep(request);
      this.queue = await this.#api.getQueue();
    });
  }

  move(queueId: number, position: number): Promise<boolean> {
    return this.#act(async () => void (this.queue = await this.#api.moveQueuedRun(queueId, position)));
  }

  cancel(queueId: number): Promise<boolean> {
    return this.#act(async () => void (this.queue = await this.#api.cancelQueuedRun(queueId)));
  }

  resume(): Promise<boolean> {
    return this.#act(async () => void (this.queue = await this.#api.resumeQueue()));
  }

  clear(): Promise<boolean> {
    return this.#act(async () => void (this.queue = await this.#api.clearQueue()));
  }

  /** True when the call went through; otherwise the error is kept for the panel to show. */
  async #act(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.error = error;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
