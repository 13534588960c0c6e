// Keeps the write-ahead log small while readers never stop reading. SQLite's
// automatic checkpoint is passive: it cannot restart the log while any reader
// still uses an older part of it, so with the app polling and a CLI writing a
// checkpoint blob per epoch the log grew past 100 MB in seconds. After a
// commit that leaves the log large, the writer waits (busy_timeout) for the
// readers' short transactions to end, copies everything into the database
// and truncates the log.

import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

export const WAL_TRUNCATE_BYTES = 16 << 20;

export function truncateWalWhenLarge(db: Database.Database): void {
  if (db.memory) return;
  let size: number;
  try {
    size = statSync(`${db.name}-wal`).size;
  } catch {
    return;
  }
  if (size < WAL_TRUNCATE_BYTES) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy past the timeout: the commit itself succeeded, and the next one tries again.
  }
}
