// The misclassified-image browser's filter, sort and page, and the page of
// samples they select. Every change fetches again; a reply that arrives after
// a newer request is dropped, so fast clicking never shows a stale page.

import type { WorkbenchApi } from '../../../common/api/contract.js';
import type { MisclassifiedPage, MisclassifiedQuery } from '../../../common/runs.js';

export type ConfidenceSort = 'confidence-desc' | 'confidence-asc';

export interface MisclassifiedFilter {
  trueLabel: number | null;
  predictedLabel: number | null;
  sort: ConfidenceSort;
}

export const PAGE_SIZE = 24;

export class MisclassifiedBrowser {
  filter = $state<MisclassifiedFilter>({ trueLabel: null, predictedLabel: null, sort: 'confidence-desc' });
  offset = $state(0);
  page = $state.raw<MisclassifiedPage | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  readonly #runId: number;
  #request = 0;

  constructor(api: WorkbenchApi, runId: number) {
    this.#api = api;
    this.#runId = runId;
  }

  get hasPrevious(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.page !== null && this.offset + PAGE_SIZE < this.page.total;
  }

  /** Replaces the filter (any part of it) and goes back to the first page. */
  setFilter(change: Partial<MisclassifiedFilter>): Promise<void> {
    this.filter = { ...this.filter, ...change };
    this.offset = 0;
    return this.fetch();
  }

  next(): Promise<void> {
    if (!this.hasNext) return Promise.resolve();
    this.offset += PAGE_SIZE;
    return this.fetch();
  }

  previous(): Promise<void> {
    if (!this.hasPrevious) return Promise.resolve();
    this.offset = Math.max(0, this.offset - PAGE_SIZE);
    return this.fetch();
  }

  async fetch(): Promise<void> {
    const request = ++this.#request;
    const query: MisclassifiedQuery = { sort: this.filter.sort, offset: this.offset, limit: PAGE_SIZE };
    if (this.filter.trueLabel !== null) query.trueLabel = this.filter.trueLabel;
    if (this.filter.predictedLabel !== null) query.predictedLabel = this.filter.predictedLabel;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.getMisclassified(this.#runId, query);
      if (request === this.#request) this.page = page;
    } catch (error) {
      if (request === this.#request) this.error = error;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
