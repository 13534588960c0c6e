// Brings a database up to the newest schema, one numbered migration per
// transaction. `PRAGMA user_version` is the schema version (readable before
// any table exists); `schema_migrations` keeps when each step was applied.

import type Database from 'better-sqlite3';
import { DatabaseFileError } from './storeErrors.js';
import type { Migration } from './migrations/index.js';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer version of the app before anything touches it. */
export function assertKnownSchema(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  const found = schemaVersion(db);
  const latest = migrations.length;
  if (found > latest) {
    throw new DatabaseFileError(
      path,
      `${path} was written by a newer CNN Workbench (schema version ${found}; this version understands up to ${latest}). ` +
        'It was left untouched: update CNN Workbench, or choose another database with --db PATH or CNN_WORKBENCH_DB.',
    );
  }
}

/** Applies the pending migrations in order and returns their versions. */
export function applyMigrations(db: Database.Database, path: string, migrations: readonly Migration[], now: () => Date): number[] {
  assertKnownSchema(db, path, migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    // Up to date already (every open but the first): no write lock. Taking one
    // per step on each open made readers queue behind a training process's
    // commits, and under load outwait the busy timeout.
    if (schemaVersion(db) >= migration.version) continue;
    // IMMEDIATE takes the write lock before reading the version, so two
    // processes opening a fresh file at once cannot both apply a step.
    const step = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return false;
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      db.exec(migration.sql);
      // Migrations run with foreign keys off (a table rebuild must not cascade), so check them before committing.
      const broken = db.pragma('foreign_key_check') as { table: string }[];
      if (broken.length > 0) throw new Error(`${broken.length} rows of ${broken[0].table} would lose the row they refer to`);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied.push(migration.version);
    } catch (error) {
      throw new DatabaseFileError(
        path,
        `Upgrading ${path} to schema version ${migration.version} (${migration.name}) failed and was rolled back, ` +
          `leaving it at version ${schemaVersion(db)}: ${(error as Error).message}`,
      );
    }
  }
  return applied;
}
