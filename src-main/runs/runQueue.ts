// Runs waiting their turn. The queue starts the next waiting run whenever no
// run trains in this process; entries live in the store (run_queue), so a
// restart finds them again. Runs left waiting by an earlier session come back
// held: the person chooses to start them (or not) rather than have training
// begin on its own at launch. A run that cannot start keeps its place with
// the reason, and holds the queue so nothing behind it starts by surprise.

import { analyzeArchitecture, describeArchitectureErrors } from '../../common/arch/analyze.js';
import { ApiError, type StartRunRequest } from '../../common/api/contract.js';
import { findHyperparameterIssues } from '../../common/hyperparameters.js';
import type { QueueState, QueuedRun } from '../../common/runQueue.js';
import { expandSweep, SweepError, type SweepRequest } from '../../common/sweeps.js';
import type { RunQueueTable } from '../store/runQueueTable.js';
import type { RunSummary } from '../../common/runs.js';

/** What the queue needs of the run manager. */
export interface QueueRunner {
  activeRunIds(): number[];
  start(request: StartRunRequest): Promise<RunSummary>;
  on(event: 'status', listener: (event: { status: RunSummary['status'] }) => void): () => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks that need no data: a queued run should not fail hours later on a typo. */
export function checkQueueableRequest(request: unknown, what = 'This run'): asserts request is StartRunRequest {
  if (!isRecord(request) || !isRecord(request.architecture) || !isRecord(request.hyperparameters) || typeof request.datasetId !== 'string') {
    throw new ApiError('invalid-argument', `${what} needs a network, a dataset and training settings.`);
  }
  const issues = findHyperparameterIssues(request.hyperparameters as unknown as StartRunRequest['hyperparameters']);
  if (issues.length > 0) throw new ApiError('invalid-argument', `${what} cannot be queued: ${issues[0].message}.`);
  const analysis = analyzeArchitecture(request.architecture);
  if (!analysis.valid) {
    throw new ApiError('invalid-argument', `${what} cannot be queued: ${describeArchitectureErrors(request.architecture as { layers?: { type?: string }[] }, analysis.errors)}`);
  }
}

export class RunQueue {
  private held: boolean;
  private heldReason: string | null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private readonly listeners = new Set<(state: QueueState) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly table: RunQueueTable,
    private readonly runs: QueueRunner,
  ) {
    const left = table.list().length;
    this.held = left > 0;
    this.heldReason = left > 0 ? `${left === 1 ? 'A run was' : `${left} runs were`} waiting when the app last closed. Start the queue to train ${left === 1 ? 'it' : 'them'}, or cancel what you no longer need.` : null;
    this.unsubscribe = runs.on('status', (event) => {
      if (event.status !== 'running' && event.status !== 'paused') void this.startNext();
    });
  }

  state(): QueueState {
    return { runs: this.table.list(), held: this.held, heldReason: this.heldReason };
  }

  onChanged(listener: (state: QueueState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async add(request: StartRunRequest): Promise<QueuedRun> {
    checkQueueableRequest(request);
    const [queued] = this.table.append([{ request, sweepLabel: null }]);
    this.changed();
    void this.startNext();
    return queued;
  }

  async addSweep(sweep: SweepRequest): Promise<QueuedRun[]> {
    if (!isRecord(sweep)) throw new ApiError('invalid-argument', 'A sweep needs a base run, a mode and the settings to vary.');
    checkQueueableRequest(sweep.base, 'The sweep’s base run');
    let requests: StartRunRequest[];
    try {
      requests = expandSweep(sweep);
    } catch (error) {
      if (error instanceof SweepError) throw new ApiError('invalid-argument', error.message);
      throw error;
    }
    requests.forEach((request, i) => checkQueueableRequest(request, `Run ${i + 1} of the sweep (${request.name})`));
    const queued = this.table.append(requests.map((request, i) => ({ request, sweepLabel: `sweep run ${i + 1} of ${requests.length}` })));
    this.changed();
    void this.startNext();
    return queued;
  }

  move(queueId: number, position: number): QueueState {
    this.table.move(queueId, position);
    return this.changed();
  }

  cancel(queueId: number): QueueState {
    this.table.remove(queueId);
    if (this.table.list().length === 0) this.release();
    return this.changed();
  }

  clear(): QueueState {
    this.table.clear();
    this.release();
    return this.changed();
  }

  resume(): QueueState {
    this.release();
    const state = this.changed();
    void this.startNext();
    return state;
  }

  /** Starts nothing more; waits for a start under way, so the run manager can then stop that run too. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.listeners.clear();
    await this.starting;
  }

  /** Starts the first waiting run when nothing trains here; resolves once it has started or failed to. */
  startNext(): Promise<void> {
    if (this.closed || this.held || this.starting || this.runs.activeRunIds().length > 0) return Promise.resolve();
    const [next] = this.table.list();
    if (!next) return Promise.resolve();
    this.starting = this.start(next);
    return this.starting;
  }

  private async start(next: QueuedRun): Promise<void> {
    try {
      await this.runs.start(next.request);
      this.table.take(next.id);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.table.markFailed(next.id, reason);
      this.held = true;
      this.heldReason = `“${next.name}” could not start: ${reason} Fix or cancel it, then start the queue again.`;
    } finally {
      this.starting = null;
      this.changed();
    }
  }

  private release(): void {
    this.held = false;
    this.heldReason = null;
  }

  private changed(): QueueState {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }
}
