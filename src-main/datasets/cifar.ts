// CIFAR-10 binary batches from an extracted cifar-10-batches-bin folder (or
// its parent), or from the archive itself. A folder is read straight into the
// shared image set, block by block, with sizes checked before allocating.

import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { allocateImageSet, type ImageSet } from '../../common/datasets.js';
import { readCifarArchive } from './cifarArchive.js';
import {
  batchRecords,
  CIFAR_FOLDER_NAME,
  CIFAR_IMAGE_BYTES,
  CIFAR_RECORD_BYTES,
  CifarFormatError,
  defaultClassNames,
  META_NAME,
  parseClassNames,
  readRecords,
  TEST_BATCH_NAME,
  TRAIN_BATCH_NAMES,
  type CifarData,
  type CifarReadOptions,
} from './cifarFormat.js';

/** Reads CIFAR-10 from a folder or a .tar(.gz) archive, whichever `path` is. */
export async function readCifar(path: string, options: CifarReadOptions = {}): Promise<CifarData> {
  const info = await stat(path);
  return info.isDirectory() ? readCifarFolder(await batchesFolder(path), options) : readCifarArchive(path, options);
}

/** `path` itself when it holds the batches, else its cifar-10-batches-bin subfolder. */
async function batchesFolder(path: string): Promise<string> {
  if (await exists(join(path, TRAIN_BATCH_NAMES[0])) || (await exists(join(path, TEST_BATCH_NAME)))) return path;
  const nested = join(path, CIFAR_FOLDER_NAME);
  return (await exists(nested)) ? nested : path;
}

async function readCifarFolder(folder: string, options: CifarReadOptions = {}): Promise<CifarData> {
  const sizes = new Map<string, number>();
  const missing: string[] = [];
  for (const name of [...TRAIN_BATCH_NAMES, TEST_BATCH_NAME]) {
    const size = await fileSize(join(folder, name));
    if (size === null) missing.push(name);
    else sizes.set(name, batchRecords(join(folder, name), size));
  }
  if (missing.length > 0) throw new CifarFormatError(`CIFAR-10 folder ${folder} is missing ${missing.join(', ')}`);

  const train = await readBatchFiles(folder, TRAIN_BATCH_NAMES, sizes, options.trainLimit, options);
  const test = await readBatchFiles(folder, [TEST_BATCH_NAME], sizes, options.testLimit, options);
  const metaPath = join(folder, META_NAME);
  const classNames = (await exists(metaPath)) ? parseClassNames(await readFile(metaPath, 'utf8'), metaPath) : defaultClassNames();
  return { train, test, classNames };
}

async function readBatchFiles(
  folder: string,
  names: string[],
  records: Map<string, number>,
  limit: number | undefined,
  options: CifarReadOptions,
): Promise<ImageSet> {
  const available = names.reduce((sum, name) => sum + records.get(name)!, 0);
  const set = allocateImageSet(Math.min(available, limit ?? available), CIFAR_IMAGE_BYTES);
  let at = 0;
  for (const name of names) {
    if (at >= set.count) break;
    const take = Math.min(records.get(name)!, set.count - at);
    await readBatchFile(join(folder, name), take, set, at, options);
    at += take;
  }
  return set;
}

/** Reads the first `records` records of one batch file into set[at..]. */
async function readBatchFile(path: string, records: number, set: ImageSet, at: number, options: CifarReadOptions): Promise<void> {
  const file = await open(path, 'r');
  const totalBytes = records * CIFAR_RECORD_BYTES;
  try {
    await readRecords(
      (target, offset, length) => readFully(file, target, offset, length),
      records,
      set,
      at,
      path,
      (done) => options.onProgress?.({ phase: 'read', file: path, doneBytes: done * CIFAR_RECORD_BYTES, totalBytes }),
    );
  } finally {
    await file.close();
  }
}

async function readFully(file: FileHandle, target: Uint8Array, offset: number, length: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(target, offset + got, length - got, null);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function exists(path: string): Promise<boolean> {
  return (await fileSize(path)) !== null;
}
