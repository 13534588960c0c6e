// The list of stored runs, kept current by the API's status and epoch events
// so that a run started anywhere shows up and moves without a reload.

import type { WorkbenchApi } from '../../common/api/contract.js';
import type { RunFileImport } from '../../common/api/modelExchangeApi.js';
import type { RunSummary } from '../../common/runs.js';
import type { LoadStatus } from './catalog.svelte.js';

export class RunsState {
  runs = $state.raw<RunSummary[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;

  constructor(api: WorkbenchApi) {
    this.#api = api;
    api.onRunStatus((event) => this.#upsert(event.summary));
    api.onRunEpoch((event) => {
      this.runs = this.runs.map((run) =>
        run.id === event.runId ? { ...run, epochsCompleted: Math.max(run.epochsCompleted, event.metrics.epoch) } : run,
      );
    });
  }

  async refresh(): Promise<void> {
    this.status = this.status === 'ready' ? 'ready' : 'loading';
    this.error = null;
    try {
      this.runs = await this.#api.listRuns();
      this.status = 'ready';
    } catch (error) {
      this.error = error;
      this.status = 'failed';
    }
  }

  run(id: number): RunSummary | undefined {
    return this.runs.find((run) => run.id === id);
  }

  #upsert(summary: RunSummary): void {
    const exists = this.runs.some((run) => run.id === summary.id);
    this.runs = exists ? this.runs.map((run) => (run.id === summary.id ? summary : run)) : [summary, ...this.runs];
  }

  async rename(id: number, name: string): Promise<void> {
    this.#upsert(await this.#api.renameRun(id, name));
  }

  async setTags(id: number, tags: string[]): Promise<void> {
    this.#upsert(await this.#api.setRunTags(id, tags));
  }

  /** Stores a run trained elsewhere from its metrics file (see ModelExchangeApi.importRunFile) and lists it. */
  async importFile(path: string, name?: string): Promise<RunFileImport> {
    const imported = await this.#api.importRunFile(path, name);
    this.#upsert(imported.run);
    return imported;
  }

  async remove(id: number): Promise<void> {
    await this.#api.deleteRun(id);
    this.runs = this.runs.filter((run) => run.id !== id);
  }
}
