// The runs being compared and which of them is set against the baseline
// (the first run): with more than two runs the person picks the other one.

import type { RunComparison, WorkbenchApi } from '../../../common/api/contract.js';

export class CompareState {
  comparison = $state.raw<RunComparison | null>(null);
  loading = $state(true);
  error = $state<unknown>(null);
  /** Index into comparison.pairs. */
  pairIndex = $state(0);

  readonly #api: WorkbenchApi;
  readonly #runIds: number[];
  #request = 0;

  constructor(api: WorkbenchApi, runIds: number[]) {
    this.#api = api;
    this.#runIds = runIds;
  }

  get pair(): RunComparison['pairs'][number] | null {
    return this.comparison?.pairs[this.pairIndex] ?? null;
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    this.error = null;
    try {
      const comparison = await this.#api.compareRuns(this.#runIds);
      if (request !== this.#request) return;
      this.comparison = comparison;
      this.pairIndex = Math.min(this.pairIndex, Math.max(0, comparison.pairs.length - 1));
    } catch (error) {
      if (request === this.#request) this.error = error;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
