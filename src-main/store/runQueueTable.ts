// The run_queue table (migration 007): runs waiting to start, in order.
// Positions are renumbered 0, 1, 2, … in one transaction on every move, so
// the order is always exactly what the person last arranged.

import type Database from 'better-sqlite3';
import type { StartRunRequest } from '../../common/api/contract.js';
import { MAX_QUEUED_RUNS, type QueuedRun } from '../../common/runQueue.js';
import { ApiError } from '../../common/api/contract.js';
import { RunFieldError } from './storeErrors.js';

interface QueueRow {
  id: number;
  request_json: string;
  sweep_label: string | null;
  error: string | null;
  created_at: string;
}

function toQueuedRun(row: QueueRow): QueuedRun {
  const request = JSON.parse(row.request_json) as StartRunRequest;
  return {
    id: row.id,
    name: request.name?.trim() || `${request.architecture?.name ?? 'network'} · ${request.datasetId}`,
    request,
    sweepLabel: row.sweep_label,
    error: row.error,
    createdAt: row.created_at,
  };
}

export function validQueueId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new RunFieldError('queueId', 'must be the id of a waiting run');
  return value;
}

export class RunQueueTable {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    this.statements = {
      list: db.prepare('SELECT id, request_json, sweep_label, error, created_at FROM run_queue ORDER BY position, id'),
      count: db.prepare('SELECT count(*) AS n FROM run_queue'),
      insert: db.prepare(
        `INSERT INTO run_queue (position, request_json, sweep_label, created_at)
         VALUES ((SELECT coalesce(max(position), -1) + 1 FROM run_queue), ?, ?, ?)`,
      ),
      setPosition: db.prepare('UPDATE run_queue SET position = ? WHERE id = ?'),
      setError: db.prepare('UPDATE run_queue SET error = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM run_queue WHERE id = ?'),
      clear: db.prepare('DELETE FROM run_queue'),
    };
  }

  list(): QueuedRun[] {
    return (this.statements.list.all() as QueueRow[]).map(toQueuedRun);
  }

  /** Appends requests (already checked by the caller) in one transaction. */
  append(requests: readonly { request: StartRunRequest; sweepLabel: string | null }[]): QueuedRun[] {
    return this.db.transaction(() => {
      const waiting = (this.statements.count.get() as { n: number }).n;
      if (waiting + requests.length > MAX_QUEUED_RUNS) {
        throw new ApiError('conflict', `The queue holds at most ${MAX_QUEUED_RUNS} runs and ${waiting} are waiting: cancel some before adding ${requests.length} more.`);
      }
      const ids = requests.map(({ request, sweepLabel }) => Number(this.statements.insert.run(JSON.stringify(request), sweepLabel, this.now().toISOString()).lastInsertRowid));
      const added = new Set(ids);
      return this.list().filter((run) => added.has(run.id));
    }).immediate();
  }

  move(queueId: number, position: number): void {
    const id = validQueueId(queueId);
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) throw new RunFieldError('position', 'must be a place in the queue, 0 for next');
    this.db.transaction(() => {
      const order = this.list().map((run) => run.id);
      const from = order.indexOf(id);
      if (from < 0) throw new ApiError('not-found', `That run is no longer waiting (it started or was cancelled).`);
      order.splice(from, 1);
      order.splice(Math.min(position, order.length), 0, id);
      order.forEach((runId, index) => this.statements.setPosition.run(index, runId));
    }).immediate();
  }

  remove(queueId: number): void {
    if (this.statements.delete.run(validQueueId(queueId)).changes === 0) {
      throw new ApiError('not-found', 'That run is no longer waiting (it started or was cancelled).');
    }
  }

  /** Takes the entry out as its run starts; false when someone cancelled it meanwhile. */
  take(queueId: number): boolean {
    return this.statements.delete.run(queueId).changes > 0;
  }

  markFailed(queueId: number, error: string): void {
    this.statements.setError.run(error, queueId);
  }

  clear(): void {
    this.statements.clear.run();
  }
}
