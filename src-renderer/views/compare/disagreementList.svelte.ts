// One side of a comparison's disagreements (the images one run gets right
// and the other wrong): the first page comes with the comparison, later pages
// from the API on request, appended in the same order.

import { DISAGREEMENT_PAGE, type WorkbenchApi } from '../../../common/api/contract.js';
import type { MisclassifiedPage, MisclassifiedSample } from '../../../common/runs.js';

export class DisagreementList {
  samples = $state.raw<MisclassifiedSample[]>([]);
  total = $state(0);
  loading = $state(false);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  readonly #wrongRunId: number;
  readonly #rightRunId: number;

  constructor(api: WorkbenchApi, wrongRunId: number, rightRunId: number, firstPage: MisclassifiedPage) {
    this.#api = api;
    this.#wrongRunId = wrongRunId;
    this.#rightRunId = rightRunId;
    this.samples = firstPage.samples;
    this.total = firstPage.total;
  }

  get hasMore(): boolean {
    return this.samples.length < this.total;
  }

  /** Fetches the next page; a call while one is in flight does nothing. */
  async loadMore(): Promise<void> {
    if (this.loading || !this.hasMore) return;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.getDisagreements(this.#wrongRunId, this.#rightRunId, { ...DISAGREEMENT_PAGE, offset: this.samples.length });
      this.samples = [...this.samples, ...page.samples];
      this.total = page.total;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}
