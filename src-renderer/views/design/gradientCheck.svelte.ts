// The design view's gradient check: the architecture as it is when the
// button is pressed goes to the insight worker (through the API); the result
// stays attached to that version, and says so once the network changes.

import type { WorkbenchApi } from '../../../common/api/contract.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import type { GradientCheckReport, LayerGradientCheck } from '../../../common/insight.js';

export class GradientCheckState {
  report = $state.raw<GradientCheckReport | null>(null);
  running = $state(false);
  error = $state<unknown>(null);
  /** The architecture the report is about, as JSON, to tell when it is out of date. */
  checked = $state<string | null>(null);

  readonly #api: WorkbenchApi;

  constructor(api: WorkbenchApi) {
    this.#api = api;
  }

  /** Per layer index, the check of that layer. */
  get byLayer(): Map<number, LayerGradientCheck> {
    return new Map((this.report?.layers ?? []).map((layer) => [layer.index, layer]));
  }

  isCurrent(spec: ArchitectureSpec): boolean {
    return this.checked === JSON.stringify(spec);
  }

  async run(spec: ArchitectureSpec, numClasses: number | undefined): Promise<void> {
    this.running = true;
    this.error = null;
    const snapshot = JSON.stringify(spec);
    try {
      this.report = await this.#api.checkGradients({ architecture: JSON.parse(snapshot) as ArchitectureSpec, numClasses });
      this.checked = snapshot;
    } catch (error) {
      this.error = error;
      this.report = null;
      this.checked = null;
    } finally {
      this.running = false;
    }
  }
}
