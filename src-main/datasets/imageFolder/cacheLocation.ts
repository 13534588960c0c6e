// Where an import's decoded copy lives and what it is called. The name says
// what it holds (dataset, size, channels, fit) and ends with a hash of the
// source path and every option, so re-importing the same folder the same way
// finds (and, if the files changed, replaces) the same file, while another
// size or another folder of the same name gets its own.

import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { ImageChannels, ImageFit } from '../../../common/datasets.js';
import { IN_MEMORY } from '../../store/openDatabase.js';
import { defaultDatasetCacheDir } from '../download.js';

export const IMAGE_CACHE_EXTENSION = '.cwimg';

export interface CacheKey {
  source: string;
  name: string;
  height: number;
  width: number;
  channels: ImageChannels;
  fit: ImageFit;
  valSplit: number | null;
  testSplit: number;
}

/** Image caches sit beside the run database (so a test's temporary database keeps its own), else in the user-data folder. */
export function imageCacheFolder(databasePath: string | undefined): string {
  if (databasePath === undefined || databasePath === IN_MEMORY) return join(defaultDatasetCacheDir(), 'images');
  return join(dirname(databasePath), 'datasets', 'images');
}

/** Where serve mode unpacks uploaded .zip datasets: beside the image caches. */
export function uploadFolder(databasePath: string | undefined): string {
  return join(dirname(imageCacheFolder(databasePath)), 'uploads');
}

export function imageCacheFile(folder: string, key: CacheKey): string {
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 10);
  const slug = key.name.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'images';
  return join(folder, `${slug}-${key.channels}x${key.height}x${key.width}-${key.fit}-${hash}${IMAGE_CACHE_EXTENSION}`);
}
