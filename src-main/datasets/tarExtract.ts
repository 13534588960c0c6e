// Extracts a (gzipped) tar archive into a new folder, and never anywhere else:
// absolute paths, `..` segments, links and device entries are refused, and the
// folder only appears (by rename) once every entry has been written.

import { randomBytes } from 'node:crypto';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { openFileBytes, type ReadProgress } from './byteSource.js';
import { TarFormatError, TarReader, type TarEntry } from './tar.js';

const WRITE_CHUNK_BYTES = 1 << 20;

export class UnsafeTarEntryError extends Error {
  override name = 'UnsafeTarEntryError';
}

/**
 * Extracts every file and directory of `archivePath` into `targetDir`, which
 * must not exist yet. Returns the extracted file paths, relative to targetDir.
 */
export async function extractTar(archivePath: string, targetDir: string, onProgress?: ReadProgress): Promise<string[]> {
  const root = resolve(targetDir);
  if (await pathExists(root)) throw new Error(`Cannot extract ${archivePath}: ${root} already exists`);
  const staging = `${root}.partial-${randomBytes(6).toString('hex')}`;
  const { reader } = await openFileBytes(archivePath, onProgress, (message) => new TarFormatError(message));
  const tar = new TarReader(reader, archivePath);
  const files: string[] = [];
  try {
    await mkdir(staging, { recursive: true });
    for (let entry = await tar.next(); entry; entry = await tar.next()) {
      const segments = safeSegments(entry, archivePath);
      if (segments.length === 0) continue;
      const target = join(staging, ...segments);
      if (!isInside(staging, target)) {
        throw new UnsafeTarEntryError(`${archivePath}: refusing to extract "${entry.path}": its path escapes the target folder`);
      }
      if (entry.type === 'directory') {
        await mkdir(target, { recursive: true });
      } else {
        await mkdir(dirname(target), { recursive: true });
        await writeBody(tar, target, entry.size);
        files.push(segments.join('/'));
      }
    }
    await rename(staging, root);
    return files;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await tar.close();
  }
}

/** The entry's path as safe segments under the target, or an error naming the entry. */
function safeSegments(entry: TarEntry, archive: string): string[] {
  const refuse = (why: string): never => {
    throw new UnsafeTarEntryError(`${archive}: refusing to extract "${entry.path}": ${why}`);
  };
  if (entry.type === 'symlink') refuse(`it is a symbolic link (to "${entry.linkTarget}"); links are never extracted`);
  if (entry.type === 'hardlink') refuse(`it is a hard link (to "${entry.linkTarget}"); links are never extracted`);
  if (entry.type === 'other') refuse('it is not a regular file or directory');
  if (entry.path.includes('\0')) refuse('its name contains a NUL byte');
  if (/^([\\/]|[A-Za-z]:)/.test(entry.path)) refuse('it has an absolute path');
  const segments = entry.path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) refuse('its path escapes the target folder (..)');
  return segments;
}

/** A last line of defence against path-module quirks (drive letters, UNC prefixes). */
function isInside(folder: string, target: string): boolean {
  const path = relative(folder, target);
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

async function writeBody(tar: TarReader, target: string, size: number): Promise<void> {
  const file = await open(target, 'w', 0o644);
  try {
    const buffer = Buffer.alloc(Math.min(size, WRITE_CHUNK_BYTES));
    for (let left = size; left > 0; ) {
      const got = await tar.readInto(buffer, 0, Math.min(left, buffer.length));
      await file.write(buffer, 0, got);
      left -= got;
    }
  } finally {
    await file.close();
  }
}

async function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
