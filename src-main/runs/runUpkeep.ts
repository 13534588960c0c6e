// What a process that trains runs does besides training, on one timer: it
// refreshes the heartbeat of its runs (so readers elsewhere know it lives),
// carries out stop/pause/resume requests other processes left in the store,
// retries recording how a run ended when the store refused (a full disk),
// and, in the app, follows runs other processes train on the same database
// so their curves grow and their status changes show here.

import type { RunEpochEvent } from '../../common/api/contract.js';
import type { RunSummary } from '../../common/runs.js';
import { HEARTBEAT_INTERVAL_MS } from '../store/processLiveness.js';
import type { ControlRequest, RunStore, SettableRunStatus } from '../store/runStore.js';

/** How often requests from other processes are looked for: a stop button should feel immediate. */
export const UPKEEP_INTERVAL_MS = 500;
/** How often runs trained elsewhere are checked for new epochs and status changes. */
const FOLLOW_INTERVAL_MS = 1000;

export interface UpkeepHost {
  store: RunStore;
  /** Ids of the runs this process trains right now. */
  activeRunIds(): number[];
  apply(runId: number, request: ControlRequest): void;
  emitEpoch(event: RunEpochEvent): void;
  emitStatus(summary: RunSummary): void;
}

interface FollowedRun {
  status: RunSummary['status'];
  epochsCompleted: number;
}

export class RunUpkeep {
  private timer: NodeJS.Timeout | null = null;
  private lastHeartbeat = 0;
  private lastFollow = 0;
  private readonly unsavedEnds = new Map<number, { status: SettableRunStatus; error: string | null }>();
  private readonly followed = new Map<number, FollowedRun>();

  constructor(
    private readonly host: UpkeepHost,
    private readonly followOthers: boolean,
  ) {
    if (followOthers) this.ensureTimer();
  }

  /** Call when a run starts here: the timer runs while there is anything to do. */
  ensureTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.tick(), UPKEEP_INTERVAL_MS);
    // The timer never keeps a process alive on its own (a CLI exits when its run ends).
    this.timer.unref();
  }

  /** The store refused to record how a run ended: try again on every tick until it takes it. */
  rememberUnsavedEnd(runId: number, status: SettableRunStatus, error: string | null): void {
    this.unsavedEnds.set(runId, { status, error });
    this.ensureTimer();
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round; exposed for tests, which should not wait for the timer. */
  tick(now = Date.now()): void {
    const active = this.host.activeRunIds();
    this.guarded(() => {
      for (const { runId, request } of this.host.store.takeControlRequests(active)) this.host.apply(runId, request);
    });
    if (now - this.lastHeartbeat >= HEARTBEAT_INTERVAL_MS) {
      this.lastHeartbeat = now;
      this.guarded(() => this.host.store.heartbeat(active));
    }
    for (const [runId, end] of this.unsavedEnds) {
      this.guarded(() => {
        this.host.emitStatus(this.host.store.setStatus(runId, end.status, end.error));
        this.unsavedEnds.delete(runId);
      });
    }
    if (this.followOthers && now - this.lastFollow >= FOLLOW_INTERVAL_MS) {
      this.lastFollow = now;
      this.guarded(() => this.followOtherProcesses(new Set(active)));
    }
    if (!this.followOthers && active.length === 0 && this.unsavedEnds.size === 0) this.close();
  }

  /** Emits what changed in runs trained by other processes since the last look. */
  private followOtherProcesses(local: ReadonlySet<number>): void {
    const { store } = this.host;
    const current = [...store.listRuns({ status: 'running' }), ...store.listRuns({ status: 'paused' })].filter((run) => !local.has(run.id));
    const seen = new Set<number>();
    for (const run of current) {
      seen.add(run.id);
      this.report(run);
    }
    for (const runId of [...this.followed.keys()]) {
      if (seen.has(runId)) continue;
      if (local.has(runId)) {
        // Continued here: this process's own events take over.
        this.followed.delete(runId);
        continue;
      }
      let summary: RunSummary | null;
      try {
        summary = store.getRunSummary(runId);
      } catch {
        summary = null; // deleted meanwhile
      }
      if (summary) this.report(summary);
      this.followed.delete(runId);
    }
  }

  private report(run: RunSummary): void {
    const before = this.followed.get(run.id);
    const known = before?.epochsCompleted ?? 0;
    if (run.epochsCompleted > known) {
      const { epochs } = this.host.store.getRun(run.id);
      for (const metrics of epochs.filter((e) => e.epoch > known)) this.host.emitEpoch({ runId: run.id, metrics });
    }
    if (before?.status !== run.status) this.host.emitStatus(run);
    this.followed.set(run.id, { status: run.status, epochsCompleted: run.epochsCompleted });
  }

  /** A busy or full database must not take the timer down: the next tick tries again. */
  private guarded(step: () => void): void {
    try {
      step();
    } catch {
      // Reported by the run's own path when it matters (an unsaved end stays queued).
    }
  }
}
