import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { schemaVersion } from './migrate.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';
import { openDatabase } from './openDatabase.js';
import { DatabaseFileError } from './storeErrors.js';
import { withTempDir } from './testFixtures.js';

function tableNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, … in order', () => {
    assert.deepEqual(
      MIGRATIONS.map((migration) => migration.version),
      Array.from({ length: MIGRATIONS.length }, (_, index) => index + 1),
    );
    assert.equal(LATEST_SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('build the whole schema on an empty database and record each step', () => {
    const db = openDatabase(':memory:');
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    for (const table of ['runs', 'run_tags', 'epochs', 'checkpoints', 'run_results', 'misclassified', 'schema_migrations']) {
      assert.ok(tableNames(db).includes(table), `table ${table} exists`);
    }
    const steps = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    assert.deepEqual(steps, MIGRATIONS.map(({ version, name }) => ({ version, name })));
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    db.close();
  });

  it('open a file database in WAL mode and do not re-apply on reopen', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      openDatabase(file, { now: () => new Date('2025-01-01T00:00:00Z') }).close();
      const db = openDatabase(file, { now: () => new Date('2030-01-01T00:00:00Z') });
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const steps = db.prepare('SELECT applied_at FROM schema_migrations').all();
      assert.deepEqual(steps, MIGRATIONS.map(() => ({ applied_at: '2025-01-01T00:00:00.000Z' })));
      db.close();
    });
  });

  it('open an up-to-date file while another connection holds the write lock (a reader never queues behind a trainer)', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      openDatabase(file).close();
      const writer = new Database(file);
      writer.exec('BEGIN IMMEDIATE');
      try {
        // Were a migration step to take the write lock, this would wait out the busy timeout and throw "database is locked".
        const reader = openDatabase(file);
        assert.equal(schemaVersion(reader), LATEST_SCHEMA_VERSION);
        reader.close();
      } finally {
        writer.exec('ROLLBACK');
        writer.close();
      }
    });
  });

  it('roll back a failing step completely and say which step failed', () => {
    const latest = MIGRATIONS.length;
    const broken: Migration = { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' };
    withTempDir((dir) => {
      const file = path.join(dir, 'runs.sqlite');
      assert.throws(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] }), (error: Error) => {
        assert.ok(error instanceof DatabaseFileError);
        assert.match(error.message, new RegExp(`schema version ${latest + 1} \\(broken\\).*rolled back.*version ${latest}`));
        return true;
      });
      const db = new Database(file);
      assert.equal(schemaVersion(db), latest);
      assert.ok(!tableNames(db).includes('half_done'));
      db.close();
    });
  });
});

describe('opening files it must not touch', () => {
  it('refuses a file that is not SQLite, names it, and leaves it byte for byte', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'notes.txt');
      const content = 'These are my notes, not a database.\n'.repeat(200);
      writeFileSync(file, content);
      assert.throws(() => openDatabase(file), (error: Error) => {
        assert.ok(error instanceof DatabaseFileError);
        assert.ok(error.message.includes(file));
        assert.match(error.message, /not a SQLite database/);
        return true;
      });
      assert.equal(readFileSync(file, 'utf8'), content);
      assert.ok(!existsSync(`${file}-wal`) && !existsSync(`${file}-shm`));
    });
  });

  it('refuses a database from a newer version without modifying it', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'future.sqlite');
      const future = new Database(file);
      future.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY, shape_of_the_future TEXT)');
      future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
      future.close();
      const before = readFileSync(file);
      assert.throws(() => openDatabase(file), (error: Error) => {
        assert.ok(error instanceof DatabaseFileError);
        assert.ok(error.message.includes(file));
        assert.match(error.message, new RegExp(`newer CNN Workbench \\(schema version ${LATEST_SCHEMA_VERSION + 5}`));
        return true;
      });
      assert.deepEqual(readFileSync(file), before);
    });
  });

  it("refuses another program's SQLite database", () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'photos.db');
      const other = new Database(file);
      other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, title TEXT)');
      other.close();
      const before = readFileSync(file);
      assert.throws(() => openDatabase(file), /another program/);
      assert.deepEqual(readFileSync(file), before);
    });
  });

  it('refuses a folder', () => {
    withTempDir((dir) => {
      const folder = path.join(dir, 'runs.sqlite');
      mkdirSync(folder);
      assert.throws(() => openDatabase(folder), /is a folder/);
    });
  });

  it('starts a new database in an empty file', () => {
    withTempDir((dir) => {
      const file = path.join(dir, 'empty.sqlite');
      writeFileSync(file, '');
      const db = openDatabase(file);
      assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
      db.close();
    });
  });
});
