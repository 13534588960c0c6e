// Imports a folder of pictures (or a CSV manifest) as a dataset: lists the
// files, splits them, decodes them a few at a time into the cache file, and
// reports progress with an ETA. Cancellable through an AbortSignal; a
// cancelled or failed import leaves nothing behind, and an earlier import of
// the same folder stays untouched until the new one is complete.

import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import {
  DEFAULT_TEST_SPLIT,
  IMAGE_FITS,
  MAX_IMAGE_SIDE,
  MAX_INPUT_PIXELS,
  MIN_IMAGE_SIDE,
  type DatasetInfo,
  type ImageChannels,
  type ImageFit,
  type ImageImportOptions,
  type ImageImportProgress,
} from '../../../common/datasets.js';
import { assignSections, type ImageSections } from './assignSections.js';
import { imageCacheFile, type CacheKey } from './cacheLocation.js';
import { decodeImageFile, describeDecodeError, type DecodeTarget } from './decodeImage.js';
import { cacheFileSize, ImageCacheWriter, readImageCacheFooter, type ImageCacheFooter } from './imageCache.js';
import { imageDatasetInfo } from './imageDataset.js';
import { listImages, type ImageListing } from './listImages.js';
import { mapInOrder } from './orderedMap.js';
import { describeValue } from '../../../common/describeValue.js';

export interface ImportImagesOptions extends ImageImportOptions {
  /** The folder cache files are written to. */
  cacheDir: string;
  onProgress?: (progress: ImageImportProgress) => void;
  signal?: AbortSignal;
  /** Files decoded at once; default twice the cores. */
  concurrency?: number;
  maxInputPixels?: number;
  /** Decode again even when the cache already holds these files with these options. */
  force?: boolean;
}

export interface ImportedImages {
  info: DatasetInfo;
  /** True when an up-to-date cache was found and nothing was decoded. */
  reused: boolean;
}

const PROGRESS_INTERVAL_MS = 200;

export async function importImageFolder(sourcePath: string, options: ImportImagesOptions): Promise<ImportedImages> {
  const settings = checkOptions(options);
  const started = performance.now();
  const report = (progress: Omit<ImageImportProgress, 'source'>) => options.onProgress?.({ source: sourcePath, ...progress });
  const listing = await listImages(sourcePath, {
    signal: options.signal,
    onScanned: (done) => report({ phase: 'scan', done, total: null, skipped: 0, imagesPerSecond: 0, etaSeconds: null }),
  }).catch((error: unknown) => {
    throw options.signal?.aborted ? cancelled(sourcePath) : error;
  });
  checkClasses(listing);
  const name = options.name?.trim() || basename(listing.source, extname(listing.source)) || 'images';
  const sections = assignSections(listing, { valSplit: settings.valSplit, testSplit: settings.testSplit });
  const key: CacheKey = { source: listing.source, name, ...settings };
  const cacheFile = imageCacheFile(options.cacheDir, key);
  const fingerprint = fingerprintOf(key, sections);

  if (!options.force) {
    const existing = await readImageCacheFooter(cacheFile).catch(() => null);
    const size = await cacheFileSize(cacheFile);
    if (existing && size !== null && existing.fingerprint === fingerprint) return { info: imageDatasetInfo(cacheFile, existing, size), reused: true };
  }

  await mkdir(options.cacheDir, { recursive: true });
  const target: DecodeTarget = { ...settings, maxInputPixels: options.maxInputPixels ?? MAX_INPUT_PIXELS };
  const ordered = [...sections.train, ...sections.validation, ...sections.test];
  const sectionOf = (index: number) => (index < sections.train.length ? 'train' : index < sections.train.length + sections.validation.length ? 'validation' : 'test');
  const classCount = listing.classNames.length;
  const classCounts = { train: new Array<number>(classCount).fill(0), validation: new Array<number>(classCount).fill(0), test: new Array<number>(classCount).fill(0) };
  const labels = new Uint8Array(ordered.length);
  const skippedAtScan = listing.skipped.count;
  let written = 0;
  let index = 0;
  let lastReport = 0;

  const writer = await ImageCacheWriter.create(cacheFile);
  try {
    const decodeStarted = performance.now();
    const concurrency = options.concurrency ?? Math.max(2, availableParallelism() * 2);
    for await (const outcome of mapInOrder(ordered, concurrency, (image) => decodeImageFile(image.path, target), options.signal)) {
      const image = ordered[index];
      if (outcome.ok) {
        await writer.append(outcome.value);
        labels[written++] = image.label;
        classCounts[sectionOf(index)][image.label]++;
      } else {
        listing.skipped.add(image.relative, describeDecodeError(outcome.error));
      }
      index++;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS || index === ordered.length) {
        lastReport = now;
        const rate = index / Math.max(1e-3, (now - decodeStarted) / 1000);
        report({ phase: 'decode', done: index, total: ordered.length, skipped: listing.skipped.count - skippedAtScan, imagesPerSecond: rate, etaSeconds: (ordered.length - index) / rate });
      }
    }
    options.signal?.throwIfAborted();
    checkNoEmptyClass(listing, classCounts);
    const footer: ImageCacheFooter = {
      format: 'cnn-workbench-images',
      version: 1,
      name,
      classNames: listing.classNames,
      channels: settings.channels,
      height: settings.height,
      width: settings.width,
      counts: { train: sum(classCounts.train), validation: sum(classCounts.validation), test: sum(classCounts.test) },
      fingerprint,
      details: {
        sourcePath: listing.source,
        layout: listing.layout,
        fit: settings.fit,
        classCounts,
        validation: sections.validationFrom,
        test: sections.testFrom,
        skippedCount: listing.skipped.count,
        skipped: listing.skipped.listed,
        importedAt: new Date().toISOString(),
        importSeconds: (performance.now() - started) / 1000,
      },
    };
    const size = await writer.finish(labels.subarray(0, written), footer);
    return { info: imageDatasetInfo(cacheFile, footer, size), reused: false };
  } catch (error) {
    await writer.abandon();
    if (options.signal?.aborted) throw cancelled(listing.source);
    throw error;
  }
}

function cancelled(source: string): Error {
  return new Error(`import of ${source} cancelled; nothing was stored`);
}

type Settings = Omit<CacheKey, 'source' | 'name'>;

function checkOptions(options: ImageImportOptions): Settings {
  const side = (field: 'height' | 'width', value: number | undefined, fallback: number): number => {
    const size = value ?? fallback;
    if (!(Number.isSafeInteger(size) && size >= MIN_IMAGE_SIDE && size <= MAX_IMAGE_SIDE)) {
      throw new RangeError(`${field} must be a whole number of pixels from ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE}, got ${describeValue(value)}`);
    }
    return size;
  };
  const height = side('height', options.height, 32);
  const width = side('width', options.width, height);
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) throw new RangeError(`channels must be 1 (grayscale) or 3 (RGB), got ${describeValue(channels)}`);
  const fit = options.fit ?? 'crop';
  if (!IMAGE_FITS.includes(fit)) throw new RangeError(`fit must be ${IMAGE_FITS.join(' or ')}, got ${describeValue(fit)}`);
  const share = (field: string, value: number | undefined, min: number): number | undefined => {
    if (value !== undefined && !(typeof value === 'number' && value >= min && value <= 0.9)) {
      throw new RangeError(`${field} must be a share from ${min} to 0.9, got ${describeValue(value)}`);
    }
    return value;
  };
  const valSplit = share('valSplit', options.valSplit, 0) ?? null;
  const testSplit = share('testSplit', options.testSplit, 0.01) ?? DEFAULT_TEST_SPLIT;
  return { height, width, channels: channels as ImageChannels, fit: fit as ImageFit, valSplit, testSplit };
}

function checkClasses(listing: ImageListing): void {
  const { classNames, source, skipped } = listing;
  const why = skipped.count > 0 ? ` (${skipped.count} file${skipped.count === 1 ? '' : 's'} skipped, e.g. ${skipped.listed[0].file}: ${skipped.listed[0].reason})` : '';
  if (classNames.length === 0) {
    const expected =
      listing.layout === 'csv-manifest'
        ? 'a filename,label row per image'
        : listing.layout === 'split-folders'
          ? 'train/<class>/ folders holding the images'
          : 'one sub-folder per class holding its images (or train/ and test/ folders holding those)';
    throw new Error(`${source}: no images found: expected ${expected}${why}`);
  }
  if (classNames.length === 1) throw new Error(`${source} has only one class ("${classNames[0]}"): a classifier needs at least two classes${why}`);
}

function checkNoEmptyClass(listing: ImageListing, counts: { train: number[]; validation: number[] }): void {
  const empty = listing.classNames.filter((_, label) => counts.train[label] + counts.validation[label] === 0);
  if (empty.length === 0) return;
  const reasons = listing.skipped.listed.filter((item) => empty.some((name) => item.file.normalize('NFC').split('/').includes(name))).slice(0, 3);
  const detail = reasons.length > 0 ? `; skipped there: ${reasons.map((item) => `${item.file} (${item.reason})`).join(', ')}` : '';
  throw new Error(
    `${listing.source}: class${empty.length === 1 ? '' : 'es'} ${empty.map((name) => `"${name}"`).join(', ')} ended up with no training images${detail}. Every class needs at least one readable image.`,
  );
}

/** Identifies the files (path, size, modification time) and options an import decodes, in section order. */
function fingerprintOf(key: CacheKey, sections: ImageSections): string {
  const hash = createHash('sha256').update(JSON.stringify(key));
  for (const section of [sections.train, sections.validation, sections.test]) {
    hash.update('\u0000');
    for (const image of section) hash.update(`${image.relative}\u0001${image.bytes}\u0001${image.mtimeMs}\u0001${image.label}\n`);
  }
  return hash.digest('hex');
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
