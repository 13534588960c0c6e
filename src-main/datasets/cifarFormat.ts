// The CIFAR-10 binary format, shared by the folder and the archive readers.
// A batch file is a run of 3,073-byte records: one label byte (0–9), then the
// 32×32 red, green and blue planes, which is already our CHW-planar layout.

import { CIFAR10_CLASS_NAMES, type DatasetProgress, type ImageSet } from '../../common/datasets.js';

export const CIFAR_IMAGE_BYTES = 3 * 32 * 32;
export const CIFAR_RECORD_BYTES = 1 + CIFAR_IMAGE_BYTES;
export const CIFAR_CLASS_COUNT = 10;
export const CIFAR_FOLDER_NAME = 'cifar-10-batches-bin';
export const TRAIN_BATCH_NAMES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const TEST_BATCH_NAME = 'test_batch.bin';
export const META_NAME = 'batches.meta.txt';

export class CifarFormatError extends Error {
  override name = 'CifarFormatError';
}

export interface CifarReadOptions {
  /** Load at most this many training images (from data_batch_1 on). */
  trainLimit?: number;
  /** Load at most this many test images; 0 skips the test batch. */
  testLimit?: number;
  onProgress?: (progress: DatasetProgress) => void;
}

export interface CifarData {
  train: ImageSet;
  test: ImageSet;
  classNames: string[];
}

/** Records in a batch of `bytes` bytes; `file` names it in the error. */
export function batchRecords(file: string, bytes: number): number {
  if (bytes === 0 || bytes % CIFAR_RECORD_BYTES !== 0) {
    throw new CifarFormatError(
      `${file}: ${bytes} bytes is not a positive multiple of 3,073 (one label byte + 3,072 pixel bytes per record)`,
    );
  }
  return bytes / CIFAR_RECORD_BYTES;
}

/** Copies `records` raw records into set[at..], checking every label. */
function copyRecords(raw: Uint8Array, records: number, set: ImageSet, at: number, file: string, firstRecord: number): void {
  for (let r = 0; r < records; r++) {
    const src = r * CIFAR_RECORD_BYTES;
    const label = raw[src];
    if (label >= CIFAR_CLASS_COUNT) {
      throw new CifarFormatError(`${file}: record ${firstRecord + r} has label ${label}, out of range 0–9`);
    }
    set.labels[at + r] = label;
    set.images.set(raw.subarray(src + 1, src + CIFAR_RECORD_BYTES), (at + r) * CIFAR_IMAGE_BYTES);
  }
}

/** Class names, one a line; blank lines (the official file ends with some) are ignored. */
export function parseClassNames(text: string, file: string): string[] {
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (names.length !== CIFAR_CLASS_COUNT) {
    throw new CifarFormatError(`${file}: ${names.length} class names where ${CIFAR_CLASS_COUNT} are expected`);
  }
  return names;
}

export function defaultClassNames(): string[] {
  return [...CIFAR10_CLASS_NAMES];
}

/** Reads up to `length` bytes into target[at..]; fewer only at the end of the data. */
export type ReadBytes = (target: Uint8Array, at: number, length: number) => Promise<number>;

const BLOCK_RECORDS = 1024;

/**
 * Streams `records` records from `read` into set[at..], a block at a time, so
 * a batch never needs a second full-size buffer. `onRecords` hears the running count.
 */
export async function readRecords(
  read: ReadBytes,
  records: number,
  set: ImageSet,
  at: number,
  file: string,
  onRecords?: (done: number) => void,
): Promise<void> {
  const scratch = new Uint8Array(Math.min(records, BLOCK_RECORDS) * CIFAR_RECORD_BYTES);
  for (let done = 0; done < records; ) {
    const block = Math.min(BLOCK_RECORDS, records - done);
    const wanted = block * CIFAR_RECORD_BYTES;
    if ((await read(scratch, 0, wanted)) < wanted) throw new CifarFormatError(`${file}: truncated after ${done} records`);
    copyRecords(scratch, block, set, at + done, file, done);
    done += block;
    onRecords?.(done);
  }
}
