// The epoch_filters table (migration 006): the first-layer filters as each
// epoch commits, read back for the filter filmstrip. Written inside
// commitEpoch's transaction, so an epoch and its filters land together.

import type Database from 'better-sqlite3';
import { firstLayerFilterBank } from '../../common/arch/firstLayerFilters.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { FilterFrame } from '../../common/insight.js';
import { blobOf, float32FromBlob } from './blobs.js';

interface FrameRow {
  epoch: number;
  count: number;
  channels: number;
  height: number;
  width: number;
  values: Buffer;
}

export class EpochFilterTable {
  private readonly architecture: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    this.architecture = db.prepare('SELECT architecture_json AS json FROM runs WHERE id = ?');
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO epoch_filters (run_id, epoch, filter_count, filter_channels, filter_height, filter_width, filter_values)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.select = db.prepare(
      `SELECT epoch, filter_count AS count, filter_channels AS channels, filter_height AS height, filter_width AS width, filter_values AS "values"
       FROM epoch_filters WHERE run_id = ? ORDER BY epoch`,
    );
  }

  /** Keeps the first-layer filters of these weights for the epoch; nothing for a network that does not start with a convolution. */
  record(runId: number, epoch: number, weights: Float32Array): void {
    const row = this.architecture.get(runId) as { json: string } | undefined;
    if (!row) return;
    const bank = firstLayerFilterBank(JSON.parse(row.json) as ArchitectureSpec, weights);
    if (!bank) return;
    const values = weights.subarray(0, bank.values.length);
    this.insert.run(runId, epoch, bank.count, bank.channels, bank.height, bank.width, blobOf(values));
  }

  list(runId: number): FilterFrame[] {
    return (this.select.all(runId) as FrameRow[]).map((row) => ({
      epoch: row.epoch,
      bank: { count: row.count, channels: row.channels, height: row.height, width: row.width, values: Array.from(float32FromBlob(row.values)) },
    }));
  }
}
