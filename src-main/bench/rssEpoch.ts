// The peak resident memory of one full-dataset CIFAR-10 training epoch of
// cifar-baseline, trained exactly as `cnn-workbench train` trains it, in a
// child process so that nothing the bench itself holds is counted. It takes
// minutes, so it runs only with --rss, and only where CIFAR-10 is already on
// disk: the bench never downloads it.

import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLocalCifar10 } from '../datasets/cifarLocation.js';
import type { PeakRss } from './report.js';
import type { RssEpochMessage } from './rssEpochChild.js';

const NET = 'cifar-baseline';

export type PeakRssOutcome = { peakRss: PeakRss } | { skipped: string };

export async function measureEpochPeakRss(workers: number, log: (line: string) => void): Promise<PeakRssOutcome> {
  const location = await findLocalCifar10().catch((error: Error) => error);
  if (location instanceof Error) return { skipped: `peak RSS not measured: ${location.message}` };
  if (!location) {
    return {
      skipped:
        'peak RSS not measured: CIFAR-10 is not on this machine (../shared/datasets/cifar-10-binary.tar.gz, $CNN_WORKBENCH_CIFAR10 or the dataset cache)',
    };
  }
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-bench-'));
  try {
    log(`training one full CIFAR-10 epoch of ${NET} from ${location.path} to measure peak RSS (a minute or more)…`);
    const args = ['--preset', NET, '--epochs', '1', '--workers', String(workers), '--data', location.path, '--db', join(folder, 'runs.sqlite'), '--json'];
    const { message, stdout, stderr } = await runChild(args);
    if (message.exitCode !== 0) return { skipped: `peak RSS not measured: the training epoch exited with code ${message.exitCode}: ${stderr.trim()}` };
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { epochs?: { durationMs: number }[]; imagesPerSecond?: number };
    return {
      peakRss: {
        net: NET,
        dataset: 'CIFAR-10',
        source: location.path,
        workers,
        peakRssBytes: message.maxRssBytes,
        epochSeconds: (summary.epochs?.[0]?.durationMs ?? 0) / 1000,
        trainImagesPerSecond: summary.imagesPerSecond ?? 0,
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs rssEpochChild.js; collects its stdout (the run's JSON) and the end of its stderr (tables, progress, errors). */
function runChild(args: string[]): Promise<{ message: RssEpochMessage; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./rssEpochChild.js', import.meta.url)), args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stdout = '';
    let stderr = '';
    let message: RssEpochMessage | null = null;
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    let linger: NodeJS.Timeout | undefined;
    child.on('message', (m: RssEpochMessage) => {
      message = m;
      // Its report is all we need; a handle left open must not keep the bench waiting.
      linger = setTimeout(() => child.kill('SIGKILL'), 10_000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(linger);
      if (message) resolve({ message, stdout, stderr });
      else reject(new Error(`the peak-RSS training process exited (${signal ?? `code ${code}`}) before reporting: ${stderr.trim()}`));
    });
  });
}
