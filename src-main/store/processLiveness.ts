// Whether the process that owns a run still lives, decided by whoever reads
// the run (the app, `runs list`, another `train`) without asking the owner.
// A pid alone can be reused after the owner dies, so the owner also records
// when it started as the system reports it (Linux: boot id and start tick in
// /proc); where the system does not say, a heartbeat the owner refreshes
// while it trains decides instead.

import { readFileSync } from 'node:fs';

/** How often an owner refreshes its heartbeat while it trains (each one is a small commit). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A heartbeat older than this means the owner is gone (when its start time cannot be checked). */
export const HEARTBEAT_LEASE_MS = 30_000;

export interface RunOwner {
  pid: number | null;
  /** The owner's start as the system reported it when it claimed the run; null where unknown. */
  start: string | null;
  /** Milliseconds since 1970 at the owner's last heartbeat. */
  heartbeatAt: number | null;
}

export interface LivenessProbe {
  /** Whether a process with this id exists on this machine (signal 0). */
  exists(pid: number): boolean;
  /** When the process with this id started, as the system says; null where it does not say. */
  startOf(pid: number): string | null;
  /** The clock heartbeats are written and judged with. */
  now(): number;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootId: string | null | undefined;

function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** Linux: `<boot id>:<start tick>` from /proc/<pid>/stat (field 22, after the parenthesised name). */
function linuxProcessStart(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  const boot = linuxBootId();
  if (boot === null) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The name may contain spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTick = fields[19];
  return startTick && /^\d+$/.test(startTick) ? `${boot}:${startTick}` : null;
}

export const SYSTEM_PROBE: LivenessProbe = {
  exists: processExists,
  startOf: linuxProcessStart,
  now: () => Date.now(),
};

/**
 * The owner lives when its pid exists and, where the system reports start
 * times, started when it said it did (same process, not a reused pid); where
 * it does not, when its heartbeat is fresh.
 */
export function ownerIsAlive(owner: RunOwner, probe: LivenessProbe): boolean {
  if (owner.pid === null || !probe.exists(owner.pid)) return false;
  const start = owner.start === null ? null : probe.startOf(owner.pid);
  if (start !== null) return start === owner.start;
  return owner.heartbeatAt !== null && probe.now() - owner.heartbeatAt <= HEARTBEAT_LEASE_MS;
}
