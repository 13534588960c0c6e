// Unpacks a .zip of pictures (what a browser can hand over: serve mode has no
// folder picker) with yauzl, streaming entry by entry. Entries that would
// land outside the target folder are refused by yauzl itself; symbolic links
// and macOS resource forks (__MACOSX/) are left out; the total size is capped
// so a zip bomb cannot fill the disk.

import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { formatBytes } from '../../common/viz/format.js';

export const MAX_UNZIPPED_BYTES = 20 * 1024 ** 3;

export interface UnzipOptions {
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface Unzipped {
  /** The folder to import: the archive's single top-level folder when it has one, else the target itself. */
  root: string;
  files: number;
  bytes: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export async function unzipDataset(zipFile: string, target: string, options: UnzipOptions = {}): Promise<Unzipped> {
  const maxBytes = options.maxBytes ?? MAX_UNZIPPED_BYTES;
  const zip = await new Promise<yauzl.ZipFile>((done, fail) =>
    yauzl.open(zipFile, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, opened) =>
      error ? fail(new Error(`${zipFile} is not a readable .zip archive (${error.message})`)) : done(opened),
    ),
  );
  const root = resolve(target);
  let files = 0;
  let bytes = 0;
  try {
    await new Promise<void>((done, fail) => {
      zip.on('error', (error: Error) => fail(new Error(`${zipFile}: ${error.message}`)));
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        extractEntry(zip, entry).then(
          () => zip.readEntry(),
          (error: Error) => fail(error),
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { root: await singleTopFolder(root), files, bytes };

  async function extractEntry(archive: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
    options.signal?.throwIfAborted();
    const name = entry.fileName;
    const isLink = ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
    if (isLink || name.split('/')[0] === '__MACOSX') return;
    const destination = resolve(root, name);
    if (destination !== root && !destination.startsWith(root + sep)) throw new Error(`${zipFile}: entry ${name} would land outside the folder it is unpacked into`);
    if (name.endsWith('/')) {
      await mkdir(destination, { recursive: true });
      return;
    }
    if (bytes + entry.uncompressedSize > maxBytes) {
      throw new Error(`${zipFile} unpacks to more than ${formatBytes(maxBytes)}; unpack it yourself and import the folder`);
    }
    await mkdir(dirname(destination), { recursive: true });
    const stream = await new Promise<NodeJS.ReadableStream>((done, fail) =>
      archive.openReadStream(entry, (error, opened) => (error ? fail(new Error(`${zipFile}: ${name}: ${error.message}`)) : done(opened))),
    );
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(bytes > maxBytes ? new Error(`${zipFile} unpacks to more than its entries declare`) : null, chunk);
      },
    });
    await pipeline(stream, counter, createWriteStream(destination), { signal: options.signal });
    files++;
  }
}

async function singleTopFolder(root: string): Promise<string> {
  const entries = (await readdir(root, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  return entries.length === 1 && entries[0].isDirectory() ? join(root, entries[0].name) : root;
}
