// Opens (or creates) the run database, refusing files it must not touch:
// anything that is not SQLite, another program's SQLite database, and a
// database from a newer version of the app. Those checks only read; the first
// write (switching to WAL) happens after them.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { applyMigrations, assertKnownSchema, schemaVersion } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { DatabaseFileError } from './storeErrors.js';

export const IN_MEMORY = ':memory:';

export const WAL_SIZE_LIMIT_BYTES = 64 << 20;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[];
  now?: () => Date;
}

/** An absent or empty file is fine (SQLite starts a new database there); anything else must carry SQLite's header. */
function assertSqliteFileOrAbsent(path: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new DatabaseFileError(path, `${path} is a folder, not a database file.`);
    size = stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new DatabaseFileError(
      path,
      `${path} is not a SQLite database, so it cannot hold CNN Workbench runs. It was left untouched; ` +
        'choose another file with --db PATH or CNN_WORKBENCH_DB.',
    );
  }
}

function assertWorkbenchDatabase(db: Database.Database, path: string): void {
  if (schemaVersion(db) !== 0) return;
  const { tables } = db.prepare("SELECT count(*) AS tables FROM sqlite_schema WHERE type = 'table'").get() as { tables: number };
  if (tables > 0) {
    throw new DatabaseFileError(
      path,
      `${path} is a SQLite database of another program (it has tables but no CNN Workbench schema). It was left untouched.`,
    );
  }
}

function readOnlyChecks(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  try {
    assertKnownSchema(db, path, migrations);
    assertWorkbenchDatabase(db, path);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new DatabaseFileError(path, `${path} is not a SQLite database (or is damaged). It was left untouched.`);
    }
    throw error;
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const migrations = options.migrations ?? MIGRATIONS;
  if (path !== IN_MEMORY) assertSqliteFileOrAbsent(path);
  const db = new Database(path);
  try {
    readOnlyChecks(db, path, migrations);
    // A new file frees the pages of deleted runs as they go (deleteRun); it can only be chosen before the first table.
    if (schemaVersion(db) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // FULL makes each committed epoch survive a power cut, not only a crash;
    // commits are once per epoch, so the extra fsync costs nothing visible.
    db.pragma('synchronous = FULL');
    // Checkpoints move committed pages into the database; this truncates the WAL afterwards, so a day
    // of training (a checkpoint blob per epoch) leaves a WAL of at most this size rather than its peak.
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    // Off while migrating: rebuilding a table (drop, then rename its copy) must not cascade deletes to its children.
    db.pragma('foreign_keys = OFF');
    applyMigrations(db, path, migrations, options.now ?? (() => new Date()));
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
