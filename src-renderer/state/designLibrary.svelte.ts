// The designs a person keeps: the editor's network is written to the store a
// moment after every change (so a reload or a restart brings it back), and
// named copies live in a library that can be opened, duplicated and deleted.

import type { WorkbenchApi } from '../../common/api/contract.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { DesignSummary, WorkingDesign } from '../../common/designs.js';
import { withoutLayerIds } from './architectureEdits.js';

/** Long enough to write once per burst of typing, short enough that a reload right after an edit keeps it. */
export const AUTOSAVE_DELAY_MS = 300;

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export class DesignLibraryState {
  designs = $state.raw<DesignSummary[]>([]);
  loading = $state(false);
  error = $state<unknown>(null);
  /** The library design the editor's network was opened from or saved as. */
  designId = $state<number | null>(null);
  autosave = $state<AutosaveStatus>('idle');
  autosaveError = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #latest: WorkingDesign | null = null;
  #writing: Promise<void> | null = null;

  constructor(api: WorkbenchApi) {
    this.#api = api;
  }

  /** The network the editor had last time, or null when there is none (or it cannot be read). */
  async restore(): Promise<WorkingDesign | null> {
    try {
      const working = await this.#api.getWorkingDesign();
      this.designId = working?.designId ?? null;
      return working;
    } catch (error) {
      this.autosaveError = error;
      return null;
    }
  }

  /** Called on every change of the editor's network; writes the newest one after a short quiet spell. */
  schedule(architecture: ArchitectureSpec, presetId: string | null): void {
    this.#latest = { architecture: withoutLayerIds(architecture), presetId, designId: this.designId };
    this.autosave = 'pending';
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Writes the pending network now (also when the page is being hidden). */
  async flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const design = this.#latest;
    if (!design) return;
    this.#latest = null;
    await this.#writing;
    this.autosave = 'saving';
    this.#writing = this.#api
      .saveWorkingDesign(design)
      .then(() => {
        if (this.#latest === null) this.autosave = 'saved';
        this.autosaveError = null;
      })
      .catch((error: unknown) => {
        this.autosave = 'failed';
        this.autosaveError = error;
      });
    await this.#writing;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.designs = await this.#api.listDesigns();
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  /** Saves the network under `name`: over the design it came from when `replace`, else as a new design. */
  async save(architecture: ArchitectureSpec, name: string, replace: boolean): Promise<DesignSummary> {
    const summary = await this.#api.saveDesign({
      ...(replace && this.designId !== null ? { id: this.designId } : {}),
      name,
      architecture: withoutLayerIds(architecture),
    });
    this.designId = summary.id;
    await this.refresh();
    return summary;
  }

  async open(designId: number): Promise<ArchitectureSpec> {
    const design = await this.#api.getDesign(designId);
    this.designId = design.id;
    return design.architecture;
  }

  async duplicate(designId: number): Promise<DesignSummary> {
    const copy = await this.#api.duplicateDesign(designId);
    await this.refresh();
    return copy;
  }

  async delete(designId: number): Promise<void> {
    await this.#api.deleteDesign(designId);
    if (this.designId === designId) this.designId = null;
    await this.refresh();
  }
}
