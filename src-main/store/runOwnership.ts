// What the store makes of a run's owner: whether a run stored as running or
// paused is really being trained (else it reads as interrupted, whoever
// reads it), and whether the process at hand is the owner.

import type { RunStatus, RunSummary } from '../../common/runs.js';
import { ownerIsAlive, type LivenessProbe, type RunOwner } from './processLiveness.js';

export interface OwnerColumns {
  owner_pid: number | null;
  owner_start: string | null;
  heartbeat_at: number | null;
}

export function ownerOf(row: OwnerColumns): RunOwner {
  return { pid: row.owner_pid, start: row.owner_start, heartbeatAt: row.heartbeat_at };
}

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'running' || status === 'paused';
}

/** The same process: the pid, and the start time where both sides know it. */
export function sameOwner(a: RunOwner, b: { pid: number; start: string | null }): boolean {
  return a.pid === b.pid && (a.start === null || b.start === null || a.start === b.start);
}

export function interruptionMessage(status: RunStatus, owner: RunOwner, epochsCompleted: number): string {
  const who = owner.pid === null ? 'The process training this run' : `The process training this run (pid ${owner.pid})`;
  const kept =
    epochsCompleted > 0
      ? `Its ${epochsCompleted} committed epoch${epochsCompleted === 1 ? ' is' : 's are'} kept: continue it from epoch ${epochsCompleted}.`
      : 'It ended before its first epoch was committed, so there is nothing to continue from.';
  return `${who} ended without finishing it while it was ${status} (killed, crashed or shut down). ${kept}`;
}

/** Judges each distinct owner once per read: a list of a thousand runs asks the system a handful of times. */
export function livenessJudge(probe: LivenessProbe): (owner: RunOwner) => boolean {
  const verdicts = new Map<string, boolean>();
  return (owner) => {
    const key = `${owner.pid}|${owner.start}|${owner.heartbeatAt}`;
    let alive = verdicts.get(key);
    if (alive === undefined) {
      alive = ownerIsAlive(owner, probe);
      verdicts.set(key, alive);
    }
    return alive;
  };
}

/** A summary as readers should see it: a running or paused run whose owner is gone is interrupted. */
export function withLiveness(summary: RunSummary, owner: RunOwner, isAlive: (owner: RunOwner) => boolean): RunSummary {
  if (!isActiveStatus(summary.status) || isAlive(owner)) return summary;
  return { ...summary, status: 'interrupted', error: interruptionMessage(summary.status, owner, summary.epochsCompleted) };
}
