// Finds the images of an import and their classes, before anything is
// decoded. Three layouts, the ones torchvision's ImageFolder and Keras's
// image_dataset_from_directory users already have:
//   class-folders   FOLDER/<class>/**/<image>
//   split-folders   FOLDER/train/<class>/…, FOLDER/test/<class>/…, FOLDER/val/<class>/…
//                   (train/ required; test/ and val/ optional)
//   csv-manifest    a CSV of filename,label rows, filenames relative to the CSV's folder
//                   (the CSV itself, or a folder holding one CSV that either starts with
//                   a filename,label header or sits beside no sub-folders)

import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { MAX_IMAGE_CLASSES, type ImageLayout } from '../../../common/datasets.js';
import { readCsvManifest, startsWithManifestHeader } from './csvManifest.js';
import { acceptImageFile, isInside, joinRelative, resolveEntry, sortedEntries, walkImages, type FoundFile, type WalkContext } from './folderWalk.js';
import { SkipList } from './skipList.js';

export type ImageSplit = 'train' | 'validation' | 'test';

export interface ListedImage {
  path: string;
  relative: string;
  label: number;
  /** The split folder it was found in; null when the layout has none. */
  split: ImageSplit | null;
  bytes: number;
  mtimeMs: number;
}

export interface ImageListing {
  /** The folder or CSV as given, resolved to an absolute path. */
  source: string;
  layout: ImageLayout;
  classNames: string[];
  /** Sorted by relative path. */
  images: ListedImage[];
  /** Which split folders exist (split-folders layout only). */
  splitFolders: Set<ImageSplit>;
  skipped: SkipList;
}

export interface ListImagesOptions {
  signal?: AbortSignal;
  /** The number of entries looked at so far, now and then. */
  onScanned?: (entries: number) => void;
}

/** A listed image before labels are known; only what the import needs, so 200,000 of them stay small. */
type Collected = Omit<ListedImage, 'label'> & { className: string };

function collect(file: FoundFile, className: string, split: ImageSplit | null): Collected {
  return { path: file.path, relative: file.relative, bytes: file.stats.size, mtimeMs: file.stats.mtimeMs, split, className: className.normalize('NFC') };
}

const SPLIT_FOLDER_NAMES: Record<string, ImageSplit> = {
  train: 'train',
  training: 'train',
  val: 'validation',
  valid: 'validation',
  validation: 'validation',
  test: 'test',
  testing: 'test',
};

/** True when `path` looks like an image dataset: a CSV file, or a folder with sub-folders. */
export async function looksLikeImageDataset(path: string): Promise<boolean> {
  const stats = await stat(path);
  if (stats.isFile()) return extname(path).toLowerCase() === '.csv';
  const entries = await sortedEntries(path);
  return entries.some((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink() || extname(entry.name).toLowerCase() === '.csv'));
}

export async function listImages(sourcePath: string, options: ListImagesOptions = {}): Promise<ImageListing> {
  const source = resolve(sourcePath);
  let stats;
  try {
    stats = await stat(source);
  } catch (error) {
    throw new Error(`${source} does not exist or cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let scanned = 0;
  const skipped = new SkipList();
  const collected: Collected[] = [];
  // Every class folder (or CSV label) met, even one whose files were all skipped: an empty class must be reported, not vanish.
  const classesSeen = new Set<string>();
  const context = (root: string): WalkContext => ({
    rootReal: root,
    skipped,
    visited: new Set(),
    signal: options.signal,
    onEntry: () => {
      if (++scanned % 1000 === 0) options.onScanned?.(scanned);
    },
  });

  let layout: ImageLayout;
  const splitFolders = new Set<ImageSplit>();
  if (stats.isFile()) {
    if (extname(source).toLowerCase() !== '.csv') throw new Error(`${source} is a file but not a .csv manifest: give a folder of class sub-folders or a filename,label CSV`);
    layout = 'csv-manifest';
    await listManifest(context(await realpath(dirname(source))), source, collected, classesSeen);
  } else {
    const rootReal = await realpath(source);
    const walk = context(rootReal);
    walk.visited.add(rootReal);
    const entries = await sortedEntries(source);
    const visible = entries.filter((entry) => !entry.name.startsWith('.'));
    const csvFiles = visible.filter((entry) => entry.isFile() && extname(entry.name).toLowerCase() === '.csv');
    const hasFolders = visible.some((entry) => entry.isDirectory() || entry.isSymbolicLink());
    if (csvFiles.length === 1 && (!hasFolders || (await startsWithManifestHeader(resolve(source, csvFiles[0].name))))) {
      layout = 'csv-manifest';
      await listManifest(walk, resolve(source, csvFiles[0].name), collected, classesSeen);
    } else {
      const splitNames = visible.filter((entry) => SPLIT_FOLDER_NAMES[entry.name.toLowerCase()] === 'train');
      layout = splitNames.length > 0 ? 'split-folders' : 'class-folders';
      for (const entry of entries) {
        const resolved = await resolveEntry(walk, source, entry, entry.name);
        if (!resolved) continue;
        if (resolved.kind === 'file') {
          skipped.add(entry.name, layout === 'split-folders' ? 'not inside a train/, val/ or test/ folder' : 'not inside a class folder');
          continue;
        }
        if (layout === 'class-folders') {
          classesSeen.add(entry.name.normalize('NFC'));
          await walkImages(walk, resolved.path, resolved.real, entry.name, (file) => collected.push(collect(file, entry.name, null)));
          continue;
        }
        const split = SPLIT_FOLDER_NAMES[entry.name.toLowerCase()];
        if (!split) {
          skipped.add(`${entry.name}/`, 'not a train/, val/ or test/ folder');
          continue;
        }
        splitFolders.add(split);
        await listClassFolders(walk, resolved.path, entry.name, split, collected, classesSeen);
      }
    }
  }
  options.onScanned?.(scanned);

  const classNames = sortClassNames(classesSeen, source);
  const labelOf = new Map(classNames.map((name, label) => [name, label]));
  const images = collected
    .map(({ className, ...image }): ListedImage => ({ ...image, label: labelOf.get(className) as number }))
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return { source, layout, classNames, images, splitFolders, skipped };
}

/** FOLDER/<split>/<class>/**: images lying directly in the split folder belong to no class. */
async function listClassFolders(
  context: WalkContext,
  folder: string,
  relative: string,
  split: ImageSplit,
  collected: Collected[],
  classesSeen: Set<string>,
): Promise<void> {
  for (const entry of await sortedEntries(folder)) {
    const entryRelative = joinRelative(relative, entry.name);
    const resolved = await resolveEntry(context, folder, entry, entryRelative);
    if (!resolved) continue;
    if (resolved.kind === 'file') {
      context.skipped.add(entryRelative, 'not inside a class folder');
      continue;
    }
    classesSeen.add(entry.name.normalize('NFC'));
    await walkImages(context, resolved.path, resolved.real, entryRelative, (file) => collected.push(collect(file, entry.name, split)));
  }
}

async function listManifest(context: WalkContext, csvFile: string, collected: Collected[], classesSeen: Set<string>): Promise<void> {
  const folder = dirname(csvFile);
  const manifest = await readCsvManifest(csvFile);
  const csvName = basename(csvFile);
  for (const problem of manifest.problems) context.skipped.add(`${csvName}:${problem.line}`, problem.reason);
  for (const row of manifest.rows) {
    context.signal?.throwIfAborted();
    classesSeen.add(row.label.normalize('NFC'));
    context.onEntry?.();
    const relative = row.filename.replaceAll('\\', '/');
    const path = resolve(folder, relative);
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      context.skipped.add(relative, `file not found (${csvName} line ${row.line})`);
      continue;
    }
    if (!isInside(context.rootReal, real)) {
      context.skipped.add(relative, `outside the CSV's folder (${csvName} line ${row.line})`);
      continue;
    }
    const stats = await stat(real);
    if (!stats.isFile()) {
      context.skipped.add(relative, `not a regular file (${csvName} line ${row.line})`);
      continue;
    }
    if (basename(relative).startsWith('.')) {
      context.skipped.add(relative, 'hidden file');
      continue;
    }
    const image = acceptImageFile(context, { path: real, stats }, relative);
    if (image) collected.push(collect(image, row.label, null));
  }
}

/**
 * Class names in label order: numerically when every name is a whole number
 * (a CSV of 0…9), else by code point, as torchvision does. Names arrive in
 * Unicode NFC, so a class folder written by macOS (NFD) matches its twin.
 */
function sortClassNames(names: Set<string>, source: string): string[] {
  const numeric = [...names].every((name) => /^\d+$/.test(name));
  const sorted = [...names].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length > MAX_IMAGE_CLASSES) {
    throw new Error(`${source} has ${sorted.length.toLocaleString('en-US')} classes; CNN Workbench takes at most ${MAX_IMAGE_CLASSES} (labels are stored as one byte per image)`);
  }
  return sorted;
}
