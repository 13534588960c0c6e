// Where CIFAR-10 comes from, first match wins:
//   1. an explicit path (a --data option, say),
//   2. the CNN_WORKBENCH_CIFAR10 environment variable,
//   3. ../shared/datasets/cifar-10-binary.tar.gz beside the project (dev and tests),
//   4. the user-data cache (the extracted folder, or an archive still to extract),
//   5. the official archive, downloaded into the cache, verified and extracted.
// A path the user named (1, 2) that does not exist is an error, never skipped.

import { existsSync } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetProgress } from '../../common/datasets.js';
import { defaultDatasetCacheDir, downloadFile, type RemoteFile } from './download.js';
import { extractTar } from './tarExtract.js';

export const CIFAR10_ENV_VAR = 'CNN_WORKBENCH_CIFAR10';

export const OFFICIAL_CIFAR10_ARCHIVE: RemoteFile = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  size: 170_052_171,
  sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
};

const ARCHIVE_NAME = 'cifar-10-binary.tar.gz';
/** The cache folder the archive is extracted into (it then holds cifar-10-batches-bin/). */
const EXTRACTED_NAME = 'cifar10';

export type Cifar10Origin = 'explicit' | 'env' | 'shared' | 'cache' | 'download';

export interface Cifar10Location {
  /** A folder or an archive, as readCifar accepts. */
  path: string;
  origin: Cifar10Origin;
}

export interface LocateCifar10Options {
  explicitPath?: string;
  env?: Record<string, string | undefined>;
  /** The development copy; null to ignore it. Defaults to ../shared/datasets/ beside the project. */
  sharedCopy?: string | null;
  cacheDir?: string;
  remote?: RemoteFile;
  onProgress?: (progress: DatasetProgress) => void;
  signal?: AbortSignal;
}

/** The first copy already on disk (an archive in the cache counts), or null; touches nothing. */
export async function findLocalCifar10(options: LocateCifar10Options = {}): Promise<Cifar10Location | null> {
  if (options.explicitPath !== undefined) {
    if (!(await exists(options.explicitPath))) throw new Error(`CIFAR-10 path ${options.explicitPath} does not exist`);
    return { path: options.explicitPath, origin: 'explicit' };
  }
  const fromEnv = (options.env ?? process.env)[CIFAR10_ENV_VAR];
  if (fromEnv) {
    if (!(await exists(fromEnv))) throw new Error(`${CIFAR10_ENV_VAR} points to ${fromEnv}, which does not exist`);
    return { path: fromEnv, origin: 'env' };
  }
  const shared = options.sharedCopy === undefined ? defaultSharedCopy() : options.sharedCopy;
  if (shared !== null && (await exists(shared))) return { path: shared, origin: 'shared' };
  const { extracted, archive } = cachePaths(options);
  if (await exists(extracted)) return { path: extracted, origin: 'cache' };
  if (await exists(archive)) return { path: archive, origin: 'cache' };
  return null;
}

/** Like findLocalCifar10, but downloads when nothing is on disk, and extracts cached archives. */
export async function locateCifar10(options: LocateCifar10Options = {}): Promise<Cifar10Location> {
  const local = await findLocalCifar10(options);
  const { extracted, archive } = cachePaths(options);
  if (local && local.path !== archive) return local;
  if (!local) {
    await downloadFile(options.remote ?? OFFICIAL_CIFAR10_ARCHIVE, archive, options).catch((error: Error) => {
      // Say where a copy would have been found, so a person without internet knows what to do.
      throw new Error(
        `no local copy of CIFAR-10 (looked for ${defaultSharedCopy()}, ${extracted}; set ${CIFAR10_ENV_VAR} or pass its path) and ${error.message.replace(/^Downloading/, 'downloading')}`,
        { cause: error },
      );
    });
  }
  // Extracted once, a folder loads with no decompression and no double buffering.
  await extractTar(archive, extracted, (done, total) =>
    options.onProgress?.({ phase: 'extract', file: archive, doneBytes: done, totalBytes: total }),
  );
  await rm(archive, { force: true });
  return { path: extracted, origin: local ? 'cache' : 'download' };
}

function cachePaths(options: LocateCifar10Options): { extracted: string; archive: string } {
  const cacheDir = options.cacheDir ?? defaultDatasetCacheDir();
  return { extracted: join(cacheDir, EXTRACTED_NAME), archive: join(cacheDir, ARCHIVE_NAME) };
}

/** ../shared/datasets/cifar-10-binary.tar.gz relative to the project root (the folder with package.json). */
export function defaultSharedCopy(): string {
  return join(projectRoot(), '..', 'shared', 'datasets', ARCHIVE_NAME);
}

function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
