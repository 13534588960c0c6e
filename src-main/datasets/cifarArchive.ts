// CIFAR-10 straight from cifar-10-binary.tar.gz (or a plain .tar), without
// extracting anything: only the batch and meta members are picked, and
// reading stops as soon as the requested records and the class names are in
// hand. Members come in any order (the official archive starts with batch 4);
// since CIFAR-10's five training batches are equal in size, batch k's place in
// the training set is known on arrival and its records are written straight
// there, in the same order the folder reader produces, with no second copy.

import { posix } from 'node:path';
import { allocateImageSet, type ImageSet } from '../../common/datasets.js';
import { openFileBytes } from './byteSource.js';
import {
  batchRecords,
  CIFAR_IMAGE_BYTES,
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
import { TarFormatError, TarReader } from './tar.js';

/** Ten class names take about 60 bytes; allow generous room, not gigabytes. */
const MAX_META_BYTES = 64 * 1024;

interface ArchiveState {
  trainLimit: number;
  testLimit: number;
  /** Records per training batch, from the first one seen. */
  perBatch: number | null;
  seen: Set<string>;
}

export async function readCifarArchive(path: string, options: CifarReadOptions = {}): Promise<CifarData> {
  const state: ArchiveState = {
    trainLimit: options.trainLimit ?? Infinity,
    testLimit: options.testLimit ?? Infinity,
    perBatch: null,
    seen: new Set(),
  };
  const onProgress = options.onProgress;
  const { reader } = await openFileBytes(
    path,
    onProgress && ((done, total) => onProgress({ phase: 'read', file: path, doneBytes: done, totalBytes: total })),
    (message) => new TarFormatError(message),
  );
  const tar = new TarReader(reader, path);
  const read = (target: Uint8Array, at: number, length: number) => tar.readInto(target, at, length);
  let train: ImageSet | null = null;
  let test: ImageSet | null = null;
  let classNames: string[] | null = null;
  try {
    for (let entry = await tar.next(); entry; entry = await tar.next()) {
      if (entry.type !== 'file') continue;
      const name = posix.basename(entry.path);
      const member = `${path} (${entry.path})`;
      const batchIndex = TRAIN_BATCH_NAMES.indexOf(name);
      if (name === META_NAME) {
        classNames = parseClassNames((await tar.readSmallBody(MAX_META_BYTES)).toString('utf8'), member);
        continue;
      }
      if (batchIndex < 0 && name !== TEST_BATCH_NAME) continue;
      if (state.seen.has(name)) throw new CifarFormatError(`${path}: holds ${name} twice`);
      state.seen.add(name);
      const records = batchRecords(member, entry.size);
      if (batchIndex >= 0) {
        state.perBatch ??= records;
        if (records !== state.perBatch) {
          throw new CifarFormatError(
            `${member}: ${records} records where the other training batches hold ${state.perBatch}; ` +
              'extract the archive and read the folder instead',
          );
        }
        train ??= allocateImageSet(Math.min(state.trainLimit, TRAIN_BATCH_NAMES.length * records), CIFAR_IMAGE_BYTES);
        const first = batchIndex * records;
        await readRecords(read, clamp(train.count - first, 0, records), train, first, member);
      } else {
        test = allocateImageSet(Math.min(state.testLimit, records), CIFAR_IMAGE_BYTES);
        await readRecords(read, test.count, test, 0, member);
      }
      if (classNames && missingBatches(state).length === 0) break;
    }
  } finally {
    await tar.close();
  }
  const missing = missingBatches(state);
  if (missing.length > 0) throw new CifarFormatError(`${path}: the archive has no ${missing.join(', ')}`);
  return {
    train: train ?? allocateImageSet(0, CIFAR_IMAGE_BYTES),
    test: test ?? allocateImageSet(0, CIFAR_IMAGE_BYTES),
    classNames: classNames ?? defaultClassNames(),
  };
}

/**
 * Batches still needed: training batch k (from 0) while k × perBatch is below
 * the limit (all of them while the batch size is unknown), and the test batch
 * unless its limit is 0.
 */
function missingBatches(state: ArchiveState): string[] {
  const perBatch = state.perBatch ?? 0;
  const missing = TRAIN_BATCH_NAMES.filter((name, k) => k * perBatch < state.trainLimit && !state.seen.has(name));
  if (state.testLimit > 0 && !state.seen.has(TEST_BATCH_NAME)) missing.push(TEST_BATCH_NAME);
  return missing;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
