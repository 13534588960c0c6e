// The epoch_steps table (migration 007): the training loss and accuracy
// inside each epoch, a bounded number of points per epoch, written in
// commitEpoch's transaction so an epoch and its curve land together.

import type Database from 'better-sqlite3';
import type { StepPoint } from '../../common/runs.js';
import { blobOf, float32FromBlob } from './blobs.js';

/** More points than a chart is wide say nothing more; the engine sends at most this many per epoch. */
export const MAX_STEP_POINTS_PER_EPOCH = 200;

export class EpochStepTable {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR REPLACE INTO epoch_steps (run_id, epoch, points) VALUES (?, ?, ?)');
    this.select = db.prepare('SELECT points FROM epoch_steps WHERE run_id = ? ORDER BY epoch');
  }

  /** Finite points inside the epoch only; an epoch without any stores nothing. */
  record(runId: number, epoch: number, steps: readonly StepPoint[]): void {
    const kept = steps
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.loss) && Number.isFinite(p.accuracy) && p.x > epoch - 1 && p.x <= epoch)
      .slice(-MAX_STEP_POINTS_PER_EPOCH);
    if (kept.length === 0) return;
    const packed = new Float32Array(kept.length * 3);
    kept.forEach((p, i) => packed.set([p.x, p.loss, p.accuracy], i * 3));
    this.insert.run(runId, epoch, blobOf(packed));
  }

  /** Every stored point of the run, oldest first. */
  list(runId: number): StepPoint[] {
    const points: StepPoint[] = [];
    for (const row of this.select.all(runId) as { points: Buffer }[]) {
      const values = float32FromBlob(row.points);
      for (let i = 0; i + 2 < values.length; i += 3) points.push({ x: values[i], loss: values[i + 1], accuracy: values[i + 2] });
    }
    return points;
  }
}
