// `cnn-workbench datasets list | import PATH | show ID | delete ID`.

import { IMAGE_FITS, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, type DatasetInfo, type ImageFit, type ImageImportOptions } from '../../common/datasets.js';
import { DatasetLibrary } from '../datasets/datasetLibrary.js';
import { imageCacheFolder } from '../datasets/imageFolder/cacheLocation.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { formatBytes } from '../../common/viz/format.js';
import { describeImportProgress } from '../../common/viz/importProgress.js';
import { ProgressLine } from './progressLine.js';
import { choiceOption, numberOption, parseOptions, stringOption, UsageError, type Parsed } from './options.js';
import { datasetsTable, skippedTable } from './datasetTables.js';

export const DATASETS_HELP = `Usage: cnn-workbench datasets <list|import|show|delete> [options]
  datasets list [--json]
  datasets import PATH [--name TEXT] [--size N|HxW] [--channels 1|3] [--fit crop|pad]
                       [--val-split X] [--test-split X] [--json]
  datasets show ID|NAME [--json]
  datasets delete ID|NAME
PATH is a folder of pictures (one sub-folder per class, optionally inside
train/, val/ and test/ folders), a filename,label CSV (paths relative to the
CSV's folder), an IDX folder, or a CIFAR-10 folder or archive.
Pictures (PNG, JPEG, WebP, GIF, BMP, TIFF) are decoded once, resized to
--size (default 32; the shorter side, then the centre cropped, or --fit pad
for black bars) and converted to --channels (default 3) into a cache file
beside the run database; runs then read that file. Without a test/ folder
--test-split (default 0.2) of each class is held out for testing; without a
val/ folder --val-split holds out a fixed validation share (default: each
run's own --val-split). Unreadable, hidden and non-image files are skipped
and listed. Ctrl+C cancels an import.
Every command accepts --db PATH (default: CNN_WORKBENCH_DB or the user data folder).`;

const SUBCOMMANDS = ['list', 'import', 'show', 'delete'] as const;

export async function datasetsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
    throw new UsageError(`datasets: expected one of ${SUBCOMMANDS.join(', ')}${sub ? `, got "${sub}"` : ''}`);
  }
  const { values, positionals } = parseOptions(
    rest,
    {
      db: { type: 'string' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      size: { type: 'string' },
      channels: { type: 'string' },
      fit: { type: 'string' },
      'val-split': { type: 'string' },
      'test-split': { type: 'string' },
    },
    `datasets ${sub}`,
  );
  if (sub === 'list' && positionals.length > 0) throw new UsageError(`datasets list: unexpected argument "${positionals[0]}"`);
  if (sub !== 'list' && positionals.length !== 1) {
    throw new UsageError(`datasets ${sub}: give exactly one ${sub === 'import' ? 'PATH' : 'dataset id or name'}${positionals.length > 1 ? `, got also "${positionals[1]}"` : ''}`);
  }
  const imageOptions = sub === 'import' ? imageImportOptions(values) : undefined;
  if (sub !== 'import') {
    const misplaced = ['name', 'size', 'channels', 'fit', 'val-split', 'test-split'].find((key) => values[key] !== undefined);
    if (misplaced) throw new UsageError(`datasets ${sub}: --${misplaced} is an option of datasets import`);
  }

  const databasePath = prepareDatabasePath({ dbOption: stringOption(values, 'db') });
  const store = openSqliteRunStore(databasePath);
  const library = new DatasetLibrary({ store, datasets: new DatasetCache(), imageCacheDir: imageCacheFolder(databasePath) });
  const json = values.json === true;
  try {
    switch (sub) {
      case 'list': {
        const all = await library.list();
        console.log(json ? JSON.stringify(all) : datasetsTable(all));
        return 0;
      }
      case 'import':
        return await runImport(library, positionals[0], imageOptions ?? {}, json);
      case 'show': {
        const info = await library.find(positionals[0]);
        console.log(json ? JSON.stringify(info) : describe(info));
        return 0;
      }
      case 'delete': {
        const info = await library.find(positionals[0]);
        const { deletedFile } = await library.delete(info.id);
        console.log(`deleted dataset ${info.name} (${info.id})${deletedFile ? `; removed ${deletedFile}` : ''}; runs trained on it keep their results`);
        return 0;
      }
    }
  } finally {
    store.close();
  }
  return 0;
}

async function runImport(library: DatasetLibrary, path: string, images: ImageImportOptions, json: boolean): Promise<number> {
  const controller = new AbortController();
  const progress = new ProgressLine(process.stderr);
  const onSignal = () => {
    progress.note('cancelling the import…');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  try {
    const started = performance.now();
    const info = await library.import(path, images, { signal: controller.signal, onImageProgress: (p) => progress.show(describeImportProgress(p)) });
    progress.finish();
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      console.log(JSON.stringify({ ...info, seconds }));
    } else {
      console.log(describe(info));
      console.log(`\nimported in ${seconds.toFixed(1)} s; train with: cnn-workbench train --dataset '${info.id}'`);
    }
    return 0;
  } catch (error) {
    progress.finish();
    if (controller.signal.aborted) {
      console.error((error as Error).message);
      return 130;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

function imageImportOptions(values: Parsed['values']): ImageImportOptions {
  const options: ImageImportOptions = {};
  const name = stringOption(values, 'name');
  if (name !== undefined) options.name = name;
  const size = stringOption(values, 'size');
  if (size !== undefined) {
    const match = /^(\d+)(?:x(\d+))?$/i.exec(size.trim());
    const [height, width] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [NaN, NaN];
    if (![height, width].every((side) => side >= MIN_IMAGE_SIDE && side <= MAX_IMAGE_SIDE)) {
      throw new UsageError(`--size must be N or HxW with sides from ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE} pixels, got "${size}"`);
    }
    Object.assign(options, { height, width });
  }
  const channels = choiceOption(values, 'channels', ['1', '3'] as const);
  if (channels) options.channels = channels === '1' ? 1 : 3;
  const fit = choiceOption<ImageFit>(values, 'fit', IMAGE_FITS);
  if (fit) options.fit = fit;
  const valSplit = numberOption(values, 'val-split', 0, 0.9);
  if (valSplit !== undefined) options.valSplit = valSplit;
  const testSplit = numberOption(values, 'test-split', 0.01, 0.9);
  if (testSplit !== undefined) options.testSplit = testSplit;
  return options;
}

function describe(info: DatasetInfo): string {
  const lines = [datasetsTable([info])];
  const images = info.images;
  if (images) {
    const counts = images.classCounts;
    lines.push('', `${images.layout}, fit ${images.fit}; validation: ${images.validation}; test: ${images.test}; decoded copy ${images.cacheFile} (${formatBytes(images.cacheBytes)})`);
    lines.push('', info.classNames.map((name, label) => `  ${name}: ${counts.train[label]} train, ${counts.validation[label]} validation, ${counts.test[label]} test`).join('\n'));
    if (images.skippedCount > 0) lines.push('', `${images.skippedCount} file${images.skippedCount === 1 ? '' : 's'} skipped:`, skippedTable(images));
  }
  if (info.unavailable) lines.push('', `unavailable: ${info.unavailable}`);
  return lines.join('\n');
}
