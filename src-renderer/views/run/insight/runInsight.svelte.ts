// What the run page shows about the inside of one completed run: the chosen
// test image's feature maps and saliency (each fetched from the insight
// worker through the API) and the first-layer filters per epoch. A newer
// request always wins over an older one still on its way.

import type { WorkbenchApi } from '../../../../common/api/contract.js';
import type { FeatureMaps, FilterEvolution, Saliency } from '../../../../common/insight.js';

export class RunInsight {
  testIndex = $state<number | null>(null);
  featureMaps = $state.raw<FeatureMaps | null>(null);
  saliency = $state.raw<Saliency | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  evolution = $state.raw<FilterEvolution | null>(null);
  evolutionError = $state<unknown>(null);
  frame = $state(0);

  readonly #api: WorkbenchApi;
  readonly #runId: number;
  #request = 0;

  constructor(api: WorkbenchApi, runId: number) {
    this.#api = api;
    this.#runId = runId;
  }

  async inspect(testIndex: number): Promise<void> {
    const request = ++this.#request;
    this.testIndex = testIndex;
    this.loading = true;
    this.error = null;
    try {
      const [featureMaps, saliency] = await Promise.all([
        this.#api.getFeatureMaps(this.#runId, testIndex),
        this.#api.getSaliency(this.#runId, testIndex),
      ]);
      if (request !== this.#request) return;
      this.featureMaps = featureMaps;
      this.saliency = saliency;
    } catch (error) {
      if (request === this.#request) this.error = error;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  async loadEvolution(): Promise<void> {
    this.evolutionError = null;
    try {
      this.evolution = await this.#api.getFilterEvolution(this.#runId);
      this.frame = Math.max(0, this.evolution.frames.length - 1);
    } catch (error) {
      this.evolutionError = error;
    }
  }
}
