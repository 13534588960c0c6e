// A reader on its own connection in its own thread (used by *.test.ts only):
// for `durationMs` it asks the store what the app's pages ask — the runs list,
// a search, one run's page and its misclassified samples — and reports how
// many queries it made and every error it met (SQLITE_BUSY above all).

import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';

interface ReaderJob {
  db: string;
  durationMs: number;
}

export interface ReaderReport {
  queries: number;
  errors: string[];
  /** Epoch counts seen for the newest run, in order: they never go backwards in a consistent store. */
  epochCounts: number[];
}

const { db, durationMs } = workerData as ReaderJob;
const store = openSqliteRunStore(db);
const report: ReaderReport = { queries: 0, errors: [], epochCounts: [] };
const end = Date.now() + durationMs;
while (Date.now() < end) {
  try {
    const runs = store.listRuns();
    store.listRuns({ search: 'wide' });
    const newest = runs[0];
    if (newest) {
      const detail = store.getRun(newest.id);
      // A torn read would show a summary and an epoch list that disagree.
      if (detail.epochs.length !== detail.epochsCompleted) report.errors.push(`torn read: ${detail.epochs.length} epochs, summary says ${detail.epochsCompleted}`);
      report.epochCounts.push(detail.epochs.length);
      store.getMisclassified(newest.id, { limit: 20 });
    }
    report.queries += 4;
  } catch (error) {
    report.errors.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
  }
}
store.close();
parentPort?.postMessage(report);
