// What the app offers, fetched once: app info, presets and datasets. Imported
// datasets join the list as soon as the import succeeds.

import type { AppInfo, PresetInfo, WorkbenchApi } from '../../common/api/contract.js';
import type { DatasetInfo, ImageImportOptions } from '../../common/datasets.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export class CatalogState {
  status = $state<LoadStatus>('idle');
  error = $state<unknown>(null);
  appInfo = $state.raw<AppInfo | null>(null);
  presets = $state.raw<PresetInfo[]>([]);
  datasets = $state.raw<DatasetInfo[]>([]);
  importing = $state(false);

  readonly #api: WorkbenchApi;

  constructor(api: WorkbenchApi) {
    this.#api = api;
  }

  async load(): Promise<boolean> {
    this.status = 'loading';
    this.error = null;
    try {
      const [appInfo, presets, datasets] = await Promise.all([
        this.#api.getAppInfo(),
        this.#api.listPresets(),
        this.#api.listDatasets(),
      ]);
      this.appInfo = appInfo;
      this.presets = presets;
      this.datasets = datasets;
      this.status = 'ready';
      return true;
    } catch (error) {
      this.error = error;
      this.status = 'failed';
      return false;
    }
  }

  dataset(id: string | null): DatasetInfo | undefined {
    return this.datasets.find((dataset) => dataset.id === id);
  }

  /** Deletes an imported dataset and drops it from the list. */
  async deleteDataset(id: string): Promise<void> {
    await this.#api.deleteDataset(id);
    this.datasets = this.datasets.filter((dataset) => dataset.id !== id);
  }

  preset(id: string): PresetInfo | undefined {
    return this.presets.find((preset) => preset.id === id);
  }

  /** Imports a dataset by path (pictures decoded as `images` says); throws the API's error for the caller to show next to the path field. */
  async importDataset(path: string, images?: ImageImportOptions): Promise<DatasetInfo> {
    this.importing = true;
    try {
      const imported = await this.#api.importDataset(path, images);
      this.datasets = [...this.datasets.filter((dataset) => dataset.id !== imported.id), imported];
      return imported;
    } finally {
      this.importing = false;
    }
  }
}
