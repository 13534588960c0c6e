// One dataset's overview (class counts, sample pictures) as the browser
// shows it, fetched when the selected dataset changes.

import type { WorkbenchApi } from '../../../common/api/contract.js';
import type { DatasetOverview } from '../../../common/datasets.js';

export class DatasetOverviewState {
  overview = $state.raw<DatasetOverview | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  #request = 0;

  constructor(api: WorkbenchApi) {
    this.#api = api;
  }

  async load(datasetId: string): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    this.error = null;
    this.overview = null;
    try {
      const overview = await this.#api.getDatasetOverview(datasetId);
      if (request === this.#request) this.overview = overview;
    } catch (error) {
      if (request === this.#request) this.error = error;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
