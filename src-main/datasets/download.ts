// Downloads land atomically: bytes go to a uniquely named partial file beside
// the destination, are checked (size, SHA-256), and only then renamed into
// place, so an interrupted or bad download never looks like a good one.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatasetProgress } from '../../common/datasets.js';

export interface RemoteFile {
  url: string;
  /** Exact size in bytes, when known. */
  size?: number;
  /** Lower-case hex SHA-256, when known. */
  sha256?: string;
}

export interface DownloadOptions {
  onProgress?: (progress: DatasetProgress) => void;
  signal?: AbortSignal;
}

/** Progress is reported every 1% (every MiB when the size is unknown) and at the end. */
const PROGRESS_STEP_BYTES = 1 << 20;

export async function downloadFile(remote: RemoteFile, destination: string, options: DownloadOptions = {}): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const partial = `${destination}.partial-${randomBytes(6).toString('hex')}`;
  try {
    const response = await fetch(remote.url, { signal: options.signal });
    if (!response.ok || !response.body) throw new Error(`the server answered ${response.status} ${response.statusText}`);
    const announced = response.headers.get('content-length');
    const announcedSize = announced === null ? null : Number(announced);
    if (remote.size !== undefined && announcedSize !== null && announcedSize !== remote.size) {
      throw new Error(`the server announces ${announcedSize} bytes where ${remote.size} are expected`);
    }
    const total = remote.size ?? announcedSize;
    const hash = createHash('sha256');
    const report = progressReporter(destination, total, options.onProgress);
    let received = 0;
    const file = await open(partial, 'wx');
    try {
      for await (const chunk of response.body) {
        received += chunk.length;
        if (total !== null && received > total) throw new Error(`received more than the expected ${total} bytes`);
        hash.update(chunk);
        await file.write(chunk);
        report(received, false);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (total !== null && received !== total) throw new Error(`received ${received} of ${total} bytes`);
    const digest = hash.digest('hex');
    if (remote.sha256 && digest !== remote.sha256) {
      throw new Error(`SHA-256 is ${digest} where ${remote.sha256} is expected (corrupt or different file)`);
    }
    report(received, true);
    await rename(partial, destination);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`Downloading ${remote.url} failed: ${(error as Error).message}`, { cause: error });
  }
}

function progressReporter(file: string, total: number | null, onProgress: DownloadOptions['onProgress']) {
  const step = total ? Math.max(1, Math.floor(total / 100)) : PROGRESS_STEP_BYTES;
  let reported = -1;
  return (done: number, final: boolean) => {
    if (!onProgress || done === reported || (!final && done - reported < step)) return;
    reported = done;
    onProgress({ phase: 'download', file, doneBytes: done, totalBytes: total });
  };
}

/**
 * The app's data folder, where Electron's app.getPath('userData') puts it for
 * "CNN Workbench", so the CLI and the desktop app share one dataset cache.
 */
export function defaultUserDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'CNN Workbench');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'CNN Workbench');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'CNN Workbench');
}

export function defaultDatasetCacheDir(): string {
  return join(defaultUserDataDir(), 'datasets');
}
