// Reads a folder tree the way an import must: hidden entries, symbolic links
// that leave the imported folder, links that loop and non-image files are
// skipped with a reason instead of failing or escaping the folder.

import type { Dirent, Stats } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { SkipList } from './skipList.js';

/** What sharp decodes (PNG, JPEG, WebP, GIF, TIFF) plus BMP, which bmpDecode reads. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.jpe', '.webp', '.gif', '.bmp', '.dib', '.tif', '.tiff']);

export interface WalkContext {
  /** The imported folder with every link resolved: nothing outside it is read. */
  rootReal: string;
  skipped: SkipList;
  /** Resolved folders already walked, so a link back up the tree is not followed forever. */
  visited: Set<string>;
  signal?: AbortSignal;
  /** Called for every entry looked at, for the scan's progress. */
  onEntry?: () => void;
}

export interface FoundFile {
  path: string;
  /** Forward-slash path relative to the imported folder, for reports. */
  relative: string;
  stats: Stats;
}

export type ResolvedEntry = { kind: 'folder'; path: string; real: string } | { kind: 'file'; path: string; stats: Stats };

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function joinRelative(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** The entries of `folder`, sorted by name so every import of the same tree sees the same order. */
export async function sortedEntries(folder: string): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  for await (const entry of await opendir(folder)) entries.push(entry);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A folder or regular file to go on with, or null once skipped (with its reason). */
export async function resolveEntry(context: WalkContext, folder: string, entry: Dirent, relative: string): Promise<ResolvedEntry | null> {
  context.onEntry?.();
  const path = join(folder, entry.name);
  if (entry.name.startsWith('.')) {
    context.skipped.add(relative, entry.isDirectory() ? 'hidden folder' : 'hidden file');
    return null;
  }
  let real = path;
  if (entry.isSymbolicLink()) {
    try {
      real = await realpath(path);
    } catch {
      context.skipped.add(relative, 'broken symbolic link');
      return null;
    }
    if (!isInside(context.rootReal, real)) {
      context.skipped.add(relative, `symbolic link to ${real}, outside the imported folder`);
      return null;
    }
  }
  const stats = entry.isSymbolicLink() ? await stat(real) : null;
  if (stats ? stats.isDirectory() : entry.isDirectory()) return { kind: 'folder', path, real: entry.isSymbolicLink() ? real : await realpath(path) };
  if (!(stats ? stats.isFile() : entry.isFile())) {
    context.skipped.add(relative, 'not a regular file');
    return null;
  }
  return { kind: 'file', path, stats: stats ?? (await stat(path)) };
}

/** An image file worth decoding, or null once skipped for its extension or for being empty. */
export function acceptImageFile(context: WalkContext, file: { path: string; stats: Stats }, relative: string): FoundFile | null {
  const extension = extname(file.path).toLowerCase();
  if (!IMAGE_EXTENSIONS.has(extension)) {
    context.skipped.add(relative, extension ? `not an image file (${extension})` : 'not an image file (no extension)');
    return null;
  }
  if (file.stats.size === 0) {
    context.skipped.add(relative, 'empty file (0 bytes)');
    return null;
  }
  return { path: file.path, relative, stats: file.stats };
}

/** Every image under `folder` (any depth), in sorted order. */
export async function walkImages(context: WalkContext, folder: string, folderReal: string, relative: string, onImage: (file: FoundFile) => void): Promise<void> {
  if (context.visited.has(folderReal)) {
    context.skipped.add(relative, 'folder already listed through another link (a loop)');
    return;
  }
  context.visited.add(folderReal);
  for (const entry of await sortedEntries(folder)) {
    context.signal?.throwIfAborted();
    const entryRelative = joinRelative(relative, entry.name);
    const resolved = await resolveEntry(context, folder, entry, entryRelative);
    if (!resolved) continue;
    if (resolved.kind === 'folder') {
      await walkImages(context, resolved.path, resolved.real, entryRelative, onImage);
    } else {
      const image = acceptImageFile(context, resolved, entryRelative);
      if (image) onImage(image);
    }
  }
}
