// The augmentation strip's samples: fetched again a moment after the settings
// stop changing (typing "12" asks once, not for 1 and then 12); a reply that
// arrives after a newer request is dropped.

import type { WorkbenchApi } from '../../../common/api/contract.js';
import type { AugmentationPreviewRequest, AugmentationPreviewSample } from '../../../common/augmentation/preview.js';

const SETTLE_MS = 250;

export class AugmentationPreviewState {
  samples = $state.raw<AugmentationPreviewSample[]>([]);
  loading = $state(false);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: WorkbenchApi) {
    this.#api = api;
  }

  show(request: AugmentationPreviewRequest): void {
    this.dispose();
    this.#timer = setTimeout(() => void this.#fetch(request), SETTLE_MS);
  }

  /** Cancels a fetch that has not started (the strip was closed). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #fetch(request: AugmentationPreviewRequest): Promise<void> {
    const ticket = ++this.#request;
    this.loading = true;
    try {
      const preview = await this.#api.previewAugmentation(request);
      if (ticket !== this.#request) return;
      this.samples = preview.samples;
      this.error = null;
    } catch (error) {
      if (ticket === this.#request) this.error = error;
    } finally {
      if (ticket === this.#request) this.loading = false;
    }
  }
}
