// Sentences for the ways a run can end badly that the person can act on:
// the training worker ran out of memory, or the store could not record an
// epoch because the disk (or the database's size limit) is full.

import type { ResourceLimits } from 'node:worker_threads';

export function describeWorkerError(error: Error, limits: ResourceLimits | undefined): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = limits?.maxOldGenerationSizeMb ? ` (its limit is ${limits.maxOldGenerationSizeMb} MB of JavaScript heap)` : '';
    return (
      `the training worker ran out of memory${limit} and was stopped; the app keeps running. ` +
      'Try a smaller batch size, fewer training images or a smaller network.'
    );
  }
  return error.message;
}

/** Disk full is not the run's fault: it is interrupted (continue it once there is room); anything else fails it. */
export function describeStoreFailure(error: unknown): { status: 'failed' | 'interrupted'; message: string } {
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full|no space left/i.test(reason)) {
    return {
      status: 'interrupted',
      message:
        `the disk is full, so the last epoch could not be saved (${reason}). ` +
        'The epochs saved before it are intact: free some space, then continue the run from its last saved epoch.',
    };
  }
  return { status: 'failed', message: `could not record the run: ${reason}` };
}
