// The datasets a person has: the built-ins plus what they imported (kept in
// the run store so they survive a restart). Importing, forgetting and looking
// inside a dataset live here once, for the API and the CLI alike.

import { rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { ApiError } from '../../common/api/contract.js';
import {
  isBuiltInDataset,
  parseDatasetId,
  SAMPLES_PER_CLASS,
  bytesPerImage,
  type DatasetInfo,
  type DatasetOverview,
  type ImageImportOptions,
  type ImageImportProgress,
  type LoadedDataset,
} from '../../common/datasets.js';
import type { DatasetCache } from '../runs/datasetCache.js';
import type { RunStore } from '../store/runStore.js';
import { cacheFileSize, readImageCacheSamples } from './imageFolder/imageCache.js';
import { IMAGE_CACHE_EXTENSION } from './imageFolder/cacheLocation.js';
import { importDataset, listDatasets } from './registry.js';

export interface DatasetLibraryOptions {
  store: RunStore;
  /** Loaded datasets shared with the runs: a re-import or a delete must drop the stale copy. */
  datasets: Pick<DatasetCache, 'load' | 'forget'>;
  imageCacheDir: string;
}

export interface ImportControls {
  onImageProgress?: (progress: ImageImportProgress) => void;
  signal?: AbortSignal;
}

export class DatasetLibrary {
  constructor(private readonly options: DatasetLibraryOptions) {}

  /** Built-ins first, then imports oldest first; an image dataset whose cache file is gone says so in `unavailable`. */
  async list(): Promise<DatasetInfo[]> {
    const builtIn = await listDatasets();
    const imported = this.options.store.listImportedDatasets().filter((info) => !builtIn.some((b) => b.id === info.id));
    return [...builtIn, ...(await Promise.all(imported.map((info) => this.withAvailability(info))))];
  }

  async import(path: string, images: ImageImportOptions | undefined, controls: ImportControls = {}): Promise<DatasetInfo> {
    if (typeof path !== 'string' || path.trim() === '') {
      throw new ApiError('invalid-argument', 'give the path of a folder of pictures, a filename,label CSV, an IDX folder or a CIFAR-10 folder or archive');
    }
    let info: DatasetInfo;
    try {
      info = await importDataset(path.trim(), { images, imageCacheDir: this.options.imageCacheDir, ...controls });
    } catch (error) {
      throw new ApiError('invalid-argument', (error as Error).message);
    }
    this.options.datasets.forget(info.id);
    this.options.store.saveImportedDataset(info);
    return info;
  }

  /** An imported dataset by id, or by name when exactly one has it. */
  async find(idOrName: string): Promise<DatasetInfo> {
    const all = await this.list();
    const byId = all.find((info) => info.id === idOrName);
    if (byId) return byId;
    const byName = all.filter((info) => info.name === idOrName);
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) throw new ApiError('invalid-argument', `${byName.length} datasets are named "${idOrName}": give the id (${byName.map((i) => i.id).join(', ')})`);
    throw new ApiError('not-found', `no dataset has the id or name "${idOrName}" (see "cnn-workbench datasets list")`);
  }

  /**
   * Forgets an imported dataset and deletes its decoded copy (an image
   * dataset's cache file; IDX and CIFAR-10 files are the person's own and stay).
   * Runs trained on it keep every result; only continuing them needs it back.
   */
  async delete(id: string): Promise<{ deletedFile: string | null }> {
    if (isBuiltInDataset(id)) throw new ApiError('invalid-argument', `${id} is built in and cannot be deleted`);
    const { store } = this.options;
    if (!store.listImportedDatasets().some((info) => info.id === id)) throw new ApiError('not-found', `no imported dataset has the id ${id}`);
    const training = [...store.listRuns({ status: 'running' }), ...store.listRuns({ status: 'paused' })].filter((run) => run.dataset.id === id);
    if (training.length > 0) throw new ApiError('conflict', `run ${training[0].id} is training on this dataset: stop it before deleting the dataset`);
    store.deleteImportedDataset(id);
    this.options.datasets.forget(id);
    const ref = parseDatasetId(id);
    if (ref.kind !== 'images' || extname(ref.cacheFile) !== IMAGE_CACHE_EXTENSION) return { deletedFile: null };
    await rm(ref.cacheFile, { force: true });
    return { deletedFile: ref.cacheFile };
  }

  async overview(id: string): Promise<DatasetOverview> {
    const info = await this.find(id);
    if (info.unavailable) throw new ApiError('conflict', `${info.name}: ${info.unavailable}`);
    if (info.needsDownload) throw new ApiError('conflict', `${info.name} is not on this machine yet: the first run on it downloads it (${info.source})`);
    const ref = parseDatasetId(info.id);
    if (ref.kind === 'images' && info.images) {
      const { footer, samples } = await readImageCacheSamples(ref.cacheFile, SAMPLES_PER_CLASS).catch((error: Error) => {
        throw new ApiError('conflict', error.message);
      });
      const shape = { channels: footer.channels, height: footer.height, width: footer.width };
      return {
        info,
        classCounts: info.images.classCounts,
        samples: samples.map(({ label, data }) => ({ label, pixels: { ...shape, base64: Buffer.from(data).toString('base64') } })),
      };
    }
    const loaded = await this.options.datasets.load(info.id, { trainLimit: null, testLimit: null }).catch((error: Error) => {
      throw new ApiError('conflict', `${info.name}: ${error.message}`);
    });
    return overviewOfLoaded(info, loaded);
  }

  private async withAvailability(info: DatasetInfo): Promise<DatasetInfo> {
    const ref = parseDatasetId(info.id);
    if (ref.kind !== 'images') return info;
    return (await cacheFileSize(ref.cacheFile)) === null
      ? { ...info, unavailable: `its decoded copy ${ref.cacheFile} is gone; import ${info.source} again` }
      : info;
  }
}

function overviewOfLoaded(info: DatasetInfo, loaded: LoadedDataset): DatasetOverview {
  const classCount = info.classNames.length;
  const count = (labels: Uint8Array, n: number) => {
    const counts = new Array<number>(classCount).fill(0);
    for (let i = 0; i < n; i++) counts[labels[i]]++;
    return counts;
  };
  const imageBytes = bytesPerImage(info);
  const taken = new Array<number>(classCount).fill(0);
  const picked: { label: number; index: number }[] = [];
  for (let i = 0; i < loaded.train.count && picked.length < classCount * SAMPLES_PER_CLASS; i++) {
    const label = loaded.train.labels[i];
    if (taken[label]++ < SAMPLES_PER_CLASS) picked.push({ label, index: i });
  }
  picked.sort((a, b) => a.label - b.label || a.index - b.index);
  return {
    info,
    classCounts: { train: count(loaded.train.labels, loaded.train.count), validation: new Array<number>(classCount).fill(0), test: count(loaded.test.labels, loaded.test.count) },
    samples: picked.map(({ label, index }) => ({
      label,
      pixels: {
        channels: info.channels,
        height: info.height,
        width: info.width,
        base64: Buffer.from(loaded.train.images.subarray(index * imageBytes, (index + 1) * imageBytes)).toString('base64'),
      },
    })),
  };
}
