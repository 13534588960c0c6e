// The dataset import form and the import in progress. Kept with the app's
// shared state (not in the view) so an import goes on, and its progress stays
// visible, while the person looks at other pages.

import type { WorkbenchApi } from '../../common/api/contract.js';
import { DEFAULT_TEST_SPLIT, type DatasetInfo, type ImageChannels, type ImageFit, type ImageImportOptions, type ImageImportProgress } from '../../common/datasets.js';
import type { CatalogState } from './catalog.svelte.js';

export class DatasetImportState {
  path = $state('');
  name = $state('');
  size = $state(32);
  channels = $state<ImageChannels>(3);
  fit = $state<ImageFit>('crop');
  /** Null: each run holds out its own validation share. */
  valSplit = $state<number | null>(null);
  testSplit = $state(DEFAULT_TEST_SPLIT);

  busy = $state(false);
  progress = $state.raw<ImageImportProgress | null>(null);
  error = $state<unknown>(null);
  imported = $state.raw<DatasetInfo | null>(null);

  readonly #api: WorkbenchApi;
  readonly #catalog: CatalogState;
  #importingPath: string | null = null;

  constructor(api: WorkbenchApi, catalog: CatalogState) {
    this.#api = api;
    this.#catalog = catalog;
  }

  get options(): ImageImportOptions {
    return {
      ...(this.name.trim() ? { name: this.name.trim() } : {}),
      height: this.size,
      width: this.size,
      channels: this.channels,
      fit: this.fit,
      ...(this.valSplit === null ? {} : { valSplit: this.valSplit }),
      testSplit: this.testSplit,
    };
  }

  /** Imports `path` (the form's by default); resolves with the dataset, or null when it failed or was cancelled (see `error`). */
  async start(path = this.path.trim()): Promise<DatasetInfo | null> {
    if (path === '' || this.busy) return null;
    this.busy = true;
    this.error = null;
    this.imported = null;
    this.progress = null;
    this.#importingPath = path;
    const stop = this.#api.onDatasetImportProgress((event) => {
      if (event.source === path) this.progress = event;
    });
    try {
      const info = await this.#catalog.importDataset(path, this.options);
      this.imported = info;
      this.path = '';
      this.name = '';
      return info;
    } catch (error) {
      this.error = error;
      return null;
    } finally {
      stop();
      this.busy = false;
      this.#importingPath = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.#importingPath !== null) await this.#api.cancelDatasetImport(this.#importingPath);
  }

  /** The desktop app's native picker fills the path field. */
  async choose(kind: 'folder' | 'file'): Promise<void> {
    try {
      const chosen = await this.#api.chooseDatasetPath(kind);
      if (chosen !== null) this.path = chosen;
    } catch (error) {
      this.error = error;
    }
  }
}
