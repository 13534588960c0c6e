// Generated dataset files for the tests: IDX files, CIFAR batches and tar
// archives small enough to build in milliseconds, with known contents.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CIFAR_IMAGE_BYTES, CIFAR_RECORD_BYTES } from './cifarFormat.js';

/** A fresh temporary folder, removed when the test ends. */
export async function tempFolder(t: TestContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-datasets-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** An IDX file: 0x0000, type code, dimension count, big-endian sizes, then the data. */
export function idxFile(dims: number[], data: Uint8Array, typeCode = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeCode;
  header[3] = dims.length;
  dims.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Pixel value of image n at byte offset i: recognisable and different per image. */
export function pixelAt(n: number, i: number): number {
  return (n * 31 + i * 7) % 256;
}

export function idxImages(count: number, rows: number, cols: number): Buffer {
  const data = new Uint8Array(count * rows * cols);
  for (let n = 0; n < count; n++) for (let i = 0; i < rows * cols; i++) data[n * rows * cols + i] = pixelAt(n, i);
  return idxFile([count, rows, cols], data);
}

export function idxLabels(labels: number[]): Buffer {
  return idxFile([labels.length], Uint8Array.from(labels));
}

/** Label of record/image n in generated data: cycles through the classes. */
export function labelAt(n: number, classes = 10): number {
  return (n * 3 + 1) % classes;
}

/** `count` CIFAR records; image n of the batch gets labelAt(first + n) and pixelAt(first + n, i). */
export function cifarBatch(count: number, first = 0): Buffer {
  const batch = Buffer.alloc(count * CIFAR_RECORD_BYTES);
  for (let n = 0; n < count; n++) {
    const at = n * CIFAR_RECORD_BYTES;
    batch[at] = labelAt(first + n);
    for (let i = 0; i < CIFAR_IMAGE_BYTES; i++) batch[at + 1 + i] = pixelAt(first + n, i);
  }
  return batch;
}

export const TEST_CLASS_NAMES = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** The six batches of a small CIFAR-10-format dataset: `perBatch` records each, numbered across training batches. */
export function cifarMembers(perBatch: number): Record<string, Buffer> {
  const members: Record<string, Buffer> = {};
  for (let b = 1; b <= 5; b++) members[`data_batch_${b}.bin`] = cifarBatch(perBatch, (b - 1) * perBatch);
  members['test_batch.bin'] = cifarBatch(perBatch, 1000);
  members['batches.meta.txt'] = Buffer.from(`${TEST_CLASS_NAMES.join('\n')}\n\n`);
  return members;
}

export async function writeFiles(folder: string, files: Record<string, Buffer>): Promise<void> {
  for (const [name, data] of Object.entries(files)) await writeFile(join(folder, name), data);
}

export interface TarFixtureEntry {
  path: string;
  data?: Buffer;
  /** ustar type flag: '0' file (default), '5' directory, '2' symlink, '1' hard link, 'x' pax, 'L' GNU long name. */
  type?: string;
  linkTarget?: string;
  /** Put the path's leading folders in the ustar prefix field. */
  prefix?: string;
  /** Write the size field in GNU base-256 form. */
  base256Size?: boolean;
}

/** A ustar archive of the given entries, ending with two zero blocks. */
export function tarArchive(entries: TarFixtureEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    blocks.push(tarHeader(entry, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function tarHeader(entry: TarFixtureEntry, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(entry.path, 0, 100, 'utf8');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  if (entry.base256Size) {
    header[124] = 0x80;
    header.writeUIntBE(size, 136 - 6, 6);
  } else {
    header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  }
  header.write('00000000000\0', 136, 'latin1');
  header.write(entry.type ?? '0', 156, 'latin1');
  header.write(entry.linkTarget ?? '', 157, 100, 'utf8');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  if (entry.prefix) header.write(entry.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** One pax record, "<length> key=value\n", with the length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}
