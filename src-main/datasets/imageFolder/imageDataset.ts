// An imported image dataset as the rest of the app sees it: its listing info
// and, for a run, the decoded images read back from the cache file.

import { stat } from 'node:fs/promises';
import { formatDatasetId, type DatasetInfo, type LoadedDataset } from '../../../common/datasets.js';
import { readImageCache, readImageCacheFooter, type CacheLimits, type ImageCacheFooter } from './imageCache.js';

export function imageDatasetInfo(cacheFile: string, footer: ImageCacheFooter, cacheBytes: number): DatasetInfo {
  return {
    id: formatDatasetId({ kind: 'images', cacheFile }),
    name: footer.name,
    classNames: [...footer.classNames],
    channels: footer.channels,
    height: footer.height,
    width: footer.width,
    trainCount: footer.counts.train + footer.counts.validation,
    testCount: footer.counts.test,
    source: footer.details.sourcePath,
    images: { ...footer.details, cacheFile, cacheBytes },
  };
}

/** The info of an imported dataset from its cache file alone, without reading the images. */
export async function readImageDatasetInfo(cacheFile: string): Promise<DatasetInfo> {
  const footer = await readImageCacheFooter(cacheFile);
  const { size } = await stat(cacheFile);
  return imageDatasetInfo(cacheFile, footer, size);
}

export async function loadImageDataset(cacheFile: string, limits: CacheLimits = {}): Promise<LoadedDataset> {
  const cached = await readImageCache(cacheFile, limits);
  const info = imageDatasetInfo(cacheFile, cached.footer, cached.cacheBytes);
  info.trainCount = cached.train.count;
  info.testCount = cached.test.count;
  return {
    info,
    train: cached.train,
    test: cached.test,
    ...(cached.validationIndices.length > 0 ? { validationIndices: cached.validationIndices } : {}),
  };
}
