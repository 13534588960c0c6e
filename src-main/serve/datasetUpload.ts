// Serve mode's one POST: a .zip of pictures dropped on the import panel. The
// bytes stream to a file in the uploads folder (beside the run database),
// are unpacked there, and the answer names the folder to import. The request
// has passed the same host, origin and token checks as every other.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { unzipDataset } from '../datasets/zipArchive.js';

export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** Receives the archive, unpacks it and returns the folder to import. */
export async function receiveDatasetZip(request: IncomingMessage, url: URL, uploadDir: string): Promise<{ path: string }> {
  const name = basename(url.searchParams.get('name') ?? '').replace(/[^\p{L}\p{N} ._-]+/gu, '_');
  if (!/\.zip$/i.test(name)) throw new UploadError(400, `only .zip archives can be uploaded, got "${name || 'a file without a name'}"`);
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > MAX_UPLOAD_BYTES) throw new UploadError(413, `the archive is over ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB: unpack it and type the folder's path instead`);
  const folder = join(uploadDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
  await mkdir(folder, { recursive: true });
  const zipFile = join(folder, name);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > MAX_UPLOAD_BYTES ? new UploadError(413, `the archive is over ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB`) : null, chunk);
    },
  });
  try {
    await pipeline(request, limit, createWriteStream(zipFile));
    if (received === 0) throw new UploadError(400, `${name} arrived empty`);
    const unpacked = await unzipDataset(zipFile, join(folder, name.replace(/\.zip$/i, '')));
    return { path: unpacked.root };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error instanceof UploadError ? error : new UploadError(400, (error as Error).message);
  } finally {
    await rm(zipFile, { force: true });
  }
}
