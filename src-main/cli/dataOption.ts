// `train --data PATH`: IDX and CIFAR-10 data are used where they are; a
// folder of pictures (or a CSV manifest) is imported first, decoded to the
// network's input size and channels, into the same cache and listing the
// Datasets view and `datasets import` use, so a second run reuses it.

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { describeImportProgress } from '../../common/viz/importProgress.js';
import { DatasetLibrary } from '../datasets/datasetLibrary.js';
import { imageCacheFolder } from '../datasets/imageFolder/cacheLocation.js';
import { datasetIdForPath, datasetKindOfPath } from '../datasets/registry.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { ProgressLine } from './progressLine.js';

export async function datasetIdForDataOption(path: string, architecture: ArchitectureSpec, dbOption: string | undefined): Promise<string> {
  if ((await datasetKindOfPath(path)) !== 'images') return datasetIdForPath(path);
  const { channels, height, width } = architecture.input;
  if (channels !== 1 && channels !== 3) throw new Error(`${path}: pictures are imported with 1 or 3 channels, but the network takes ${channels}`);
  const databasePath = prepareDatabasePath({ dbOption });
  const store = openSqliteRunStore(databasePath);
  const progress = new ProgressLine(process.stderr);
  try {
    const library = new DatasetLibrary({ store, datasets: new DatasetCache(), imageCacheDir: imageCacheFolder(databasePath) });
    const info = await library.import(path, { height, width, channels }, { onImageProgress: (event) => progress.show(describeImportProgress(event)) });
    progress.finish();
    const skipped = info.images?.skippedCount ?? 0;
    process.stderr.write(`${info.name}: ${info.classNames.length} classes at ${channels}×${height}×${width}${skipped > 0 ? `, ${skipped} files skipped (see "cnn-workbench datasets show")` : ''}\n`);
    return info.id;
  } finally {
    progress.finish();
    store.close();
  }
}
