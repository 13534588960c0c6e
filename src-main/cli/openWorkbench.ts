// The pieces every command that touches runs needs: the store at the chosen
// path (with interrupted runs marked) and the run manager over it.

import { DatasetCache } from '../runs/datasetCache.js';
import { RunManager } from '../runs/runManager.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import type { RunStore } from '../store/runStore.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';

export interface Workbench {
  databasePath: string;
  store: RunStore;
  runs: RunManager;
  close(): Promise<void>;
}

export function openWorkbench(dbOption: string | undefined): Workbench {
  const databasePath = prepareDatabasePath({ dbOption });
  const store = openSqliteRunStore(databasePath);
  store.markInterruptedRuns();
  const runs = new RunManager(store, new DatasetCache());
  return {
    databasePath,
    store,
    runs,
    async close() {
      await runs.close();
      store.close();
    },
  };
}
