// Sequential bytes from a file, gunzipped on the fly when the file starts with
// the gzip magic (1f 8b), whatever its name. Readers pull exactly what they
// need and close early, so a short run never decompresses more than it uses.

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Deflate cannot compress better than about 1032:1; a header claiming more is lying. */
export const MAX_GZIP_RATIO = 1032;

const READ_CHUNK_BYTES = 1 << 20;

export interface FileBytes {
  path: string;
  gzip: boolean;
  /** Size on disk (compressed size for gzip files). */
  fileSize: number;
  reader: ByteReader;
}

/** Called as the file is consumed from disk (compressed bytes for gzip). */
export type ReadProgress = (doneBytes: number, totalBytes: number) => void;

async function isGzipFile(path: string): Promise<boolean> {
  const head = await readAt(path, 0, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The uncompressed size recorded in a gzip file's trailer (ISIZE, modulo
 * 2^32). Exact for the single-member files gzip and the dataset authors produce.
 */
export async function gzipDeclaredSize(path: string, fileSize: number): Promise<number | null> {
  if (fileSize < 18) return null;
  return (await readAt(path, fileSize - 4, 4)).readUInt32LE(0);
}

/** Builds the format's own error (IdxFormatError, TarFormatError) for a damaged gzip stream: a broken file, not an I/O failure. */
export type FormatErrorFactory = (message: string) => Error;

export async function openFileBytes(path: string, onProgress?: ReadProgress, formatError?: FormatErrorFactory): Promise<FileBytes> {
  const fileSize = (await stat(path)).size;
  const gzip = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  // pipeline destroys both streams when the reader stops early; the callback
  // only swallows that premature close, real errors reach the iterator.
  const source = gzip ? pipeline(raw, createGunzip({ chunkSize: READ_CHUNK_BYTES }), () => {}) : raw;
  const report = onProgress ? () => onProgress(raw.bytesRead, fileSize) : null;
  const reader = new ByteReader(withFileErrors(source, path, report, formatError ?? ((message) => new Error(message))), () => source.destroy());
  return { path, gzip, fileSize, reader };
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* withFileErrors(
  source: AsyncIterable<Buffer>,
  path: string,
  report: (() => void) | null,
  formatError: FormatErrorFactory,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) {
      report?.();
      yield chunk;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') throw withCause(formatError(`${path}: gzip data is truncated`), error);
    if (code === 'Z_DATA_ERROR') throw withCause(formatError(`${path}: gzip data is corrupt (${(error as Error).message})`), error);
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

function withCause(error: Error, cause: unknown): Error {
  error.cause = cause;
  return error;
}

/** Pull-style reader over a stream of chunks; short counts mean end of data. */
export class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  /** Bytes consumed so far. */
  position = 0;

  /** `release` frees what the source holds even if it was never read (an open file, say). */
  constructor(
    source: AsyncIterable<Buffer>,
    private readonly release: () => void = () => {},
  ) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** Copies up to `length` bytes into target[at..]; returns how many were available. */
  async readInto(target: Uint8Array, at: number, length: number): Promise<number> {
    let copied = 0;
    while (copied < length && (await this.fill())) {
      const take = Math.min(length - copied, this.chunk.length - this.offset);
      target.set(this.chunk.subarray(this.offset, this.offset + take), at + copied);
      this.offset += take;
      copied += take;
    }
    this.position += copied;
    return copied;
  }

  /** Up to `length` bytes; fewer only at the end of the data. */
  async read(length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, await this.readInto(buffer, 0, length));
  }

  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length && (await this.fill())) {
      const take = Math.min(length - skipped, this.chunk.length - this.offset);
      this.offset += take;
      skipped += take;
    }
    this.position += skipped;
    return skipped;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  /** Stops reading and releases the file (and the decompressor). */
  async close(): Promise<void> {
    await this.chunks.return?.();
    this.release();
  }

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      const next = await this.chunks.next();
      if (next.done) return false;
      this.chunk = next.value;
      this.offset = 0;
    }
    return true;
  }
}
