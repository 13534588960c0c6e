// The decoded copy of an image-folder dataset: what every run reads, so only
// the first import pays for decoding. One file:
//
//   "CWIMG v1" (8 bytes)
//   images   train, then validation, then test; each channels×height×width bytes, CHW planar
//   labels   one byte per image, same order
//   footer   UTF-8 JSON (ImageCacheFooter)
//   u32 LE   the footer's length
//   "CWIMG v1"
//
// Images are appended as they are decoded and the counts are only known at
// the end, hence a footer. The file is written under a temporary name and
// renamed when complete, so an interrupted import never leaves a half file
// under a name a run would read, nor replaces a good one.

import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { allocateImageSet, type ImageDatasetDetails, type ImageSet } from '../../../common/datasets.js';

const MAGIC = Buffer.from('CWIMG v1', 'latin1');
const TRAILER_BYTES = 4 + MAGIC.length;
const WRITE_BUFFER_BYTES = 4 << 20;
const READ_CHUNK_BYTES = 64 << 20;

export interface SectionCounts {
  train: number;
  validation: number;
  test: number;
}

export interface ImageCacheFooter {
  format: 'cnn-workbench-images';
  version: 1;
  name: string;
  classNames: string[];
  channels: number;
  height: number;
  width: number;
  counts: SectionCounts;
  /** Identifies the source files and options this copy was decoded from. */
  fingerprint: string;
  details: Omit<ImageDatasetDetails, 'cacheFile' | 'cacheBytes'>;
}

export class ImageCacheWriter {
  private buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private buffered = 0;
  private written = MAGIC.length;

  private constructor(
    private readonly handle: FileHandle,
    private readonly partialPath: string,
    private readonly finalPath: string,
  ) {}

  static async create(finalPath: string): Promise<ImageCacheWriter> {
    const partialPath = `${finalPath}.partial-${process.pid}`;
    const handle = await open(partialPath, 'w');
    await handle.write(MAGIC, 0, MAGIC.length, 0);
    return new ImageCacheWriter(handle, partialPath, finalPath);
  }

  async append(bytes: Uint8Array): Promise<void> {
    if (this.buffered + bytes.length > this.buffer.length) await this.flush();
    if (bytes.length > this.buffer.length) {
      await this.handle.write(bytes, 0, bytes.length, this.written);
      this.written += bytes.length;
      return;
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered += bytes.length;
  }

  /** Writes labels and footer, then puts the file in place; returns its size in bytes. */
  async finish(labels: Uint8Array, footer: ImageCacheFooter): Promise<number> {
    await this.append(labels);
    const json = Buffer.from(JSON.stringify(footer), 'utf8');
    const trailer = Buffer.alloc(TRAILER_BYTES);
    trailer.writeUInt32LE(json.length, 0);
    MAGIC.copy(trailer, 4);
    await this.append(json);
    await this.append(trailer);
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    await rename(this.partialPath, this.finalPath);
    return this.written;
  }

  /** Closes and deletes the partial file (a cancelled or failed import). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.partialPath, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    await this.handle.write(this.buffer, 0, this.buffered, this.written);
    this.written += this.buffered;
    this.buffered = 0;
  }
}

export class ImageCacheError extends Error {
  override name = 'ImageCacheError';
}

export async function readImageCacheFooter(file: string): Promise<ImageCacheFooter> {
  const handle = await openCache(file);
  try {
    return (await readFooter(handle, file)).footer;
  } finally {
    await handle.close();
  }
}

export interface CachedImages {
  footer: ImageCacheFooter;
  cacheBytes: number;
  /** Training images followed by the dataset's own validation images (if any). */
  train: ImageSet;
  test: ImageSet;
  /** Indices into `train` of the validation images; empty when runs split by their own valSplit. */
  validationIndices: Uint32Array;
}

export interface CacheLimits {
  /** Images for training and validation together; taken from both in proportion. */
  trainLimit?: number;
  testLimit?: number;
}

export async function readImageCache(file: string, limits: CacheLimits = {}): Promise<CachedImages> {
  const handle = await openCache(file);
  try {
    const { footer, size } = await readFooter(handle, file);
    const imageBytes = footer.channels * footer.height * footer.width;
    const { train: t, validation: v, test: s } = footer.counts;
    const trainWanted = Math.min(limits.trainLimit ?? t + v, t + v);
    const trainTaken = Math.min(t, Math.round((trainWanted * t) / Math.max(1, t + v)));
    const validationTaken = Math.min(v, trainWanted - trainTaken);
    const testTaken = Math.min(limits.testLimit ?? s, s);

    const imagesStart = MAGIC.length;
    const labelsStart = imagesStart + (t + v + s) * imageBytes;
    const train = allocateImageSet(trainTaken + validationTaken, imageBytes);
    await readInto(handle, train.images, 0, imagesStart, trainTaken * imageBytes);
    await readInto(handle, train.images, trainTaken * imageBytes, imagesStart + t * imageBytes, validationTaken * imageBytes);
    await readInto(handle, train.labels, 0, labelsStart, trainTaken);
    await readInto(handle, train.labels, trainTaken, labelsStart + t, validationTaken);
    const test = allocateImageSet(testTaken, imageBytes);
    await readInto(handle, test.images, 0, imagesStart + (t + v) * imageBytes, testTaken * imageBytes);
    await readInto(handle, test.labels, 0, labelsStart + t + v, testTaken);

    const classCount = footer.classNames.length;
    for (const set of [train, test]) {
      const bad = set.labels.findIndex((label) => label >= classCount);
      if (bad >= 0) throw new ImageCacheError(`${file}: image ${bad} has label ${set.labels[bad]} but there are ${classCount} classes; import the folder again`);
    }
    const validationIndices = Uint32Array.from({ length: validationTaken }, (_, i) => trainTaken + i);
    return { footer, cacheBytes: size, train, test, validationIndices };
  } finally {
    await handle.close();
  }
}

/**
 * The first `perClass` training images of each class, read straight from the
 * file (the labels, then only the chosen images): a look at a 200,000-image
 * dataset costs kilobytes, not the whole set.
 */
export async function readImageCacheSamples(file: string, perClass: number): Promise<{ footer: ImageCacheFooter; samples: { label: number; data: Uint8Array }[] }> {
  const handle = await openCache(file);
  try {
    const { footer } = await readFooter(handle, file);
    const imageBytes = footer.channels * footer.height * footer.width;
    const { train: t, validation: v, test: s } = footer.counts;
    const labels = new Uint8Array(t);
    await readInto(handle, labels, 0, MAGIC.length + (t + v + s) * imageBytes, t);
    const chosen = new Map<number, number[]>();
    for (let i = 0; i < t; i++) {
      const list = chosen.get(labels[i]) ?? [];
      if (list.length < perClass) chosen.set(labels[i], [...list, i]);
    }
    const samples: { label: number; data: Uint8Array }[] = [];
    for (const label of [...chosen.keys()].sort((a, b) => a - b)) {
      for (const index of chosen.get(label) ?? []) {
        const data = new Uint8Array(imageBytes);
        await readInto(handle, data, 0, MAGIC.length + index * imageBytes, imageBytes);
        samples.push({ label, data });
      }
    }
    return { footer, samples };
  } finally {
    await handle.close();
  }
}

async function openCache(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageCacheError(
      code === 'ENOENT'
        ? `${file}: the decoded copy of this image dataset is gone (deleted?); import its folder again`
        : `${file}: cannot be read (${code ?? (error as Error).message})`,
    );
  }
}

async function readFooter(handle: FileHandle, file: string): Promise<{ footer: ImageCacheFooter; size: number }> {
  const { size } = await handle.stat();
  const broken = (why: string) => new ImageCacheError(`${file} is not a complete CNN Workbench image cache (${why}); import its folder again`);
  if (size < MAGIC.length + TRAILER_BYTES) throw broken(`only ${size} bytes`);
  const head = Buffer.alloc(MAGIC.length);
  const trailer = Buffer.alloc(TRAILER_BYTES);
  await handle.read(head, 0, head.length, 0);
  await handle.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
  if (!head.equals(MAGIC) || !trailer.subarray(4).equals(MAGIC)) throw broken('its first or last bytes are wrong: truncated or another kind of file');
  const footerLength = trailer.readUInt32LE(0);
  if (footerLength > size - MAGIC.length - TRAILER_BYTES) throw broken(`a footer of ${footerLength} bytes in a ${size}-byte file`);
  const json = Buffer.alloc(footerLength);
  await handle.read(json, 0, footerLength, size - TRAILER_BYTES - footerLength);
  let footer: ImageCacheFooter;
  try {
    footer = JSON.parse(json.toString('utf8')) as ImageCacheFooter;
  } catch {
    throw broken('its footer is not JSON');
  }
  if (footer.format !== 'cnn-workbench-images' || footer.version !== 1) throw broken(`format ${String(footer.format)} version ${String(footer.version)}`);
  const { train, validation, test } = footer.counts;
  const expected = MAGIC.length + (train + validation + test) * (footer.channels * footer.height * footer.width + 1) + footerLength + TRAILER_BYTES;
  if (expected !== size) throw broken(`${size} bytes where its counts need ${expected}`);
  return { footer, size };
}

async function readInto(handle: FileHandle, target: Uint8Array, targetOffset: number, position: number, length: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const chunk = Math.min(READ_CHUNK_BYTES, length - done);
    const { bytesRead } = await handle.read(target, targetOffset + done, chunk, position + done);
    if (bytesRead === 0) throw new ImageCacheError(`the image cache ended early at byte ${position + done}`);
    done += bytesRead;
  }
}

/** Size on disk, or null when the file is gone. */
export async function cacheFileSize(file: string): Promise<number | null> {
  return stat(file).then(
    (stats) => stats.size,
    () => null,
  );
}
