// IDX image/label pairs (the MNIST format), plain or gzip-compressed.
// Header: 0x00 0x00, a type code, a dimension count, then one big-endian
// uint32 per dimension; then the data, row-major. Every header is checked
// against the file's real length BEFORE anything is allocated, so a lying
// header cannot make us allocate gigabytes.

import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { allocateImageSet, type DatasetProgress, type ImageSet } from '../../common/datasets.js';
import { gzipDeclaredSize, MAX_GZIP_RATIO, openFileBytes, type FileBytes } from './byteSource.js';

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

export const IDX_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

export interface IdxReadOptions {
  /** Load at most this many images (the file is still validated as a whole). */
  limit?: number;
  /** Labels must be below this; when omitted, any byte is accepted. */
  classCount?: number;
  onProgress?: (progress: DatasetProgress) => void;
}

export interface IdxImages {
  set: ImageSet;
  height: number;
  width: number;
  /** Largest label loaded, -1 when none were. */
  maxLabel: number;
}

interface IdxFile {
  file: FileBytes;
  dims: number[];
}

/** Reads an images file (count × rows × columns) and its labels file (count). */
export async function readIdxPair(imagesPath: string, labelsPath: string, options: IdxReadOptions = {}): Promise<IdxImages> {
  const { onProgress } = options;
  const progress = (path: string) =>
    onProgress && ((done: number, total: number) => onProgress({ phase: 'read', file: path, doneBytes: done, totalBytes: total }));
  const opened: IdxFile[] = [];
  try {
    const images = await openIdx(imagesPath, 3, progress(imagesPath));
    opened.push(images);
    const labels = await openIdx(labelsPath, 1, progress(labelsPath));
    opened.push(labels);
    const [count, height, width] = images.dims;
    if (labels.dims[0] !== count) {
      throw new IdxFormatError(
        `${imagesPath} holds ${count} images but ${labelsPath} holds ${labels.dims[0]} labels: the counts must match`,
      );
    }
    const loaded = Math.min(count, options.limit ?? count);
    const set = allocateImageSet(loaded, height * width);
    await readData(images, set.images, loaded === count);
    await readData(labels, set.labels, loaded === count);
    return { set, height, width, maxLabel: checkLabels(set.labels, labelsPath, options.classCount) };
  } finally {
    await Promise.all(opened.map(({ file }) => file.reader.close()));
  }
}

export interface IdxFolderOptions {
  trainLimit?: number;
  testLimit?: number;
  /** Known class count (10 for MNIST); otherwise the largest label + 1. */
  classCount?: number;
  onProgress?: (progress: DatasetProgress) => void;
}

export interface IdxFolderData {
  train: ImageSet;
  test: ImageSet;
  height: number;
  width: number;
  classCount: number;
}

/** The training and test pairs of an MNIST-named IDX folder. */
export async function readIdxFolder(folder: string, options: IdxFolderOptions = {}): Promise<IdxFolderData> {
  const files = await findIdxFiles(folder);
  const { classCount, onProgress } = options;
  const train = await readIdxPair(files.trainImages, files.trainLabels, { limit: options.trainLimit, classCount, onProgress });
  const test = await readIdxPair(files.testImages, files.testLabels, { limit: options.testLimit, classCount, onProgress });
  if (test.height !== train.height || test.width !== train.width) {
    throw new IdxFormatError(
      `${files.testImages}: images are ${test.height}×${test.width} but ${files.trainImages} has ${train.height}×${train.width}`,
    );
  }
  return {
    train: train.set,
    test: test.set,
    height: train.height,
    width: train.width,
    classCount: classCount ?? Math.max(train.maxLabel, test.maxLabel) + 1,
  };
}

/** The four MNIST-named files in `folder`, each plain or with a .gz suffix. */
export async function findIdxFiles(folder: string): Promise<Record<keyof typeof IDX_FILE_NAMES, string>> {
  const found: Partial<Record<keyof typeof IDX_FILE_NAMES, string>> = {};
  const missing: string[] = [];
  for (const [role, name] of Object.entries(IDX_FILE_NAMES) as [keyof typeof IDX_FILE_NAMES, string][]) {
    const path = await firstExisting([join(folder, name), join(folder, `${name}.gz`)]);
    if (path) found[role] = path;
    else missing.push(`${name}[.gz]`);
  }
  if (missing.length > 0) throw new IdxFormatError(`IDX folder ${folder} is missing ${missing.join(', ')}`);
  return found as Record<keyof typeof IDX_FILE_NAMES, string>;
}

async function firstExisting(paths: string[]): Promise<string | null> {
  for (const path of paths) {
    try {
      await access(path);
      return path;
    } catch {
      continue;
    }
  }
  return null;
}

async function openIdx(path: string, expectedDims: 1 | 3, onProgress?: (done: number, total: number) => void): Promise<IdxFile> {
  const file = await openFileBytes(path, onProgress, (message) => new IdxFormatError(message));
  const fail = (problem: string): never => {
    throw new IdxFormatError(`${path}: ${problem}`);
  };
  try {
    const magic = await file.reader.read(4);
    if (magic.length < 4) fail(`only ${magic.length} bytes: too short for an IDX header`);
    if (magic[0] !== 0 || magic[1] !== 0) {
      fail(`wrong magic number 0x${magic.toString('hex')}: an IDX file starts with 0x0000, e.g. 0x00000803 for images`);
    }
    const typeCode = magic[2];
    if (typeCode !== UNSIGNED_BYTE) {
      const hex = typeCode.toString(16).padStart(2, '0');
      fail(`unsupported type code 0x${hex} (${TYPE_NAMES[typeCode] ?? 'unknown'}); only 0x08 (unsigned byte) is supported`);
    }
    if (magic[3] !== expectedDims) {
      const meaning = expectedDims === 3 ? 'count × rows × columns' : 'count';
      fail(`${magic[3]} dimensions where ${expectedDims} (${meaning}) are expected`);
    }
    const rawDims = await file.reader.read(4 * expectedDims);
    if (rawDims.length < 4 * expectedDims) fail('truncated header: the file ends inside the dimension sizes');
    const dims = Array.from({ length: expectedDims }, (_, i) => rawDims.readUInt32BE(4 * i));
    if (expectedDims === 3 && (dims[1] === 0 || dims[2] === 0)) fail(`images of ${dims[1]}×${dims[2]} pixels`);
    await checkLength(file, 4 + 4 * expectedDims, dims, fail);
    return { file, dims };
  } catch (error) {
    await file.reader.close();
    throw error;
  }
}

/** The header's promise against the bytes really there, before any allocation. */
async function checkLength(file: FileBytes, headerBytes: number, dims: number[], fail: (problem: string) => never): Promise<void> {
  const dataBytes = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + dataBytes;
  const declared = `its header (${dims.join(' × ')}) needs ${expected} bytes`;
  if (!file.gzip) {
    if (file.fileSize < expected) fail(`truncated: ${declared} but the file has ${file.fileSize}`);
    if (file.fileSize > expected) fail(`${file.fileSize - expected} trailing bytes: ${declared} but the file has ${file.fileSize}`);
    return;
  }
  if (expected > file.fileSize * MAX_GZIP_RATIO) {
    fail(`${declared}, more than ${file.fileSize} bytes of gzip can hold`);
  }
  const trailerSize = await gzipDeclaredSize(file.path, file.fileSize);
  if (trailerSize === null) fail(`truncated gzip file (${file.fileSize} bytes)`);
  if (trailerSize !== expected % 2 ** 32) {
    const problem = trailerSize < expected % 2 ** 32 ? 'truncated' : 'trailing bytes (or a damaged gzip trailer)';
    fail(`${problem}: ${declared} but the gzip trailer records ${trailerSize}`);
  }
}

/** Fills `target` from the data section; when it is the whole section, also checks nothing follows. */
async function readData({ file }: IdxFile, target: Uint8Array, wholeSection: boolean): Promise<void> {
  const got = await file.reader.readInto(target, 0, target.length);
  if (got < target.length) throw new IdxFormatError(`${file.path}: truncated: data ends after ${got} of ${target.length} bytes`);
  if (wholeSection && !(await file.reader.atEnd())) {
    throw new IdxFormatError(`${file.path}: trailing bytes after the data its header declares`);
  }
}

function checkLabels(labels: Uint8Array, path: string, classCount: number | undefined): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (classCount !== undefined && label >= classCount) {
      throw new IdxFormatError(`${path}: label ${label} of item ${i} is out of range 0–${classCount - 1}`);
    }
    if (label > max) max = label;
  }
  return max;
}
