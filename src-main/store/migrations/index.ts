// Every schema migration, in the order they apply. A migration is never
// edited once released: a change to the schema is a new numbered file here.

import * as initial from './001_initial.js';
import * as runOwner from './002_run_owner.js';
import * as importedDatasets from './003_imported_datasets.js';
import * as externalRuns from './004_external_runs.js';
import * as runLiveness from './005_run_liveness.js';
import * as epochFilters from './006_epoch_filters.js';
import * as savedWork from './007_saved_work.js';
import * as runEpochStats from './008_run_epoch_stats.js';

export interface Migration {
  /** Becomes the database's `user_version` once applied; 1, 2, 3, … without gaps. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, ...initial },
  { version: 2, ...runOwner },
  { version: 3, ...importedDatasets },
  { version: 4, ...externalRuns },
  { version: 5, ...runLiveness },
  { version: 6, ...epochFilters },
  { version: 7, ...savedWork },
  { version: 8, ...runEpochStats },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
