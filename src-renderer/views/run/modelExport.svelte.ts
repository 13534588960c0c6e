// The run page's export: which format, where, and what came out. The
// workbench (serve mode or the desktop app) writes the files on its own
// machine; the page shows where they went.

import type { WorkbenchApi } from '../../../common/api/contract.js';
import type { ModelExport, ModelExportFormat } from '../../../common/api/modelExchangeApi.js';

export class ModelExportState {
  format = $state<ModelExportFormat>('onnx');
  /** Empty: a new folder beside the database. */
  directory = $state('');
  exporting = $state(false);
  result = $state.raw<ModelExport | null>(null);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  readonly #runId: number;

  constructor(api: WorkbenchApi, runId: number) {
    this.#api = api;
    this.#runId = runId;
  }

  async export(): Promise<void> {
    this.exporting = true;
    this.error = null;
    this.result = null;
    try {
      this.result = await this.#api.exportRunModel(this.#runId, this.format, this.directory.trim() || undefined);
    } catch (error) {
      this.error = error;
    } finally {
      this.exporting = false;
    }
  }
}
