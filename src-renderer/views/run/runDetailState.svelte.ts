// One run as shown on its detail page, kept current while it trains: epoch
// events extend the curves, progress events move the progress line, and when
// the run finishes the full detail (test results) is fetched again. Its
// pause, resume and stop work the same whichever process trains the run.

import type { RunProgressEvent, WorkbenchApi } from '../../../common/api/contract.js';
import type { EpochMetrics, RunDetail, RunStatus } from '../../../common/runs.js';
import { isActive } from '../../state/liveRun.js';
import { controlsFor, OWNER_ANSWER_MS, stillPending, type ControlFailure, type PendingControl, type RunControlAction } from './runControls.js';

function mergeEpoch(epochs: readonly EpochMetrics[], metrics: EpochMetrics): EpochMetrics[] {
  return [...epochs.filter((existing) => existing.epoch !== metrics.epoch), metrics].sort((a, b) => a.epoch - b.epoch);
}

export class RunDetailState {
  run = $state.raw<RunDetail | null>(null);
  progress = $state.raw<RunProgressEvent | null>(null);
  loading = $state(true);
  error = $state<unknown>(null);

  readonly #api: WorkbenchApi;
  readonly #runId: number;
  /** Epochs reported while the first reply was on its way; merged once it lands. */
  #early: EpochMetrics[] = [];
  #request = 0;
  #pendingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: WorkbenchApi, runId: number) {
    this.#api = api;
    this.#runId = runId;
  }

  /** Loads the run and follows its events; returns the function that stops following. */
  start(): () => void {
    const stops = [
      this.#api.onRunEpoch((event) => {
        if (event.runId === this.#runId) this.#addEpoch(event.metrics);
      }),
      this.#api.onRunProgress((event) => {
        if (event.runId !== this.#runId) return;
        this.progress = event;
        // The curve inside the epoch grows as the run trains; a reload rebuilds it from the store.
        if (this.run && event.steps && event.steps.length > 0) this.run = { ...this.run, trainSteps: [...(this.run.trainSteps ?? []), ...event.steps] };
      }),
      this.#api.onRunStatus((event) => {
        if (event.runId !== this.#runId) return;
        // While the first reply is on its way it may predate this change: ask again.
        if (this.run === null) {
          void this.load();
          return;
        }
        this.run = { ...this.run, ...event.summary };
        this.#noteStatus(event.status);
        if (!isActive(event.status)) {
          this.progress = null;
          void this.load();
        }
      }),
    ];
    void this.load();
    return () => {
      stops.forEach((stop) => stop());
      clearTimeout(this.#pendingTimer);
    };
  }

  /** The pause, resume or stop asked for and not yet seen in the run's status; the buttons wait for it. */
  pendingControl = $state.raw<PendingControl | null>(null);
  /** Why the last request failed, shown in the header; null when it did not. */
  controlError = $state.raw<ControlFailure | null>(null);

  /** Asks whichever process trains the run to pause, resume or stop it; the status events show when it has. */
  async control(action: RunControlAction): Promise<void> {
    const run = this.run;
    if (!run || this.pendingControl || !controlsFor(run.status).includes(action)) return;
    this.controlError = null;
    this.pendingControl = { action, from: run.status };
    try {
      if (action === 'pause') await this.#api.pauseRun(this.#runId);
      else if (action === 'resume') await this.#api.resumeRun(this.#runId);
      else await this.#api.stopRun(this.#runId);
      if (this.run) this.#noteStatus(this.run.status);
      if (this.pendingControl) this.#pendingTimer = setTimeout(() => (this.pendingControl = null), OWNER_ANSWER_MS);
    } catch (error) {
      this.pendingControl = null;
      this.controlError = { action, error };
    }
  }

  #noteStatus(status: RunStatus): void {
    this.pendingControl = stillPending(this.pendingControl, status);
    if (this.pendingControl === null) clearTimeout(this.#pendingTimer);
  }

  /** Why continuing failed, shown in the header; null when it did not. */
  continueError = $state<unknown>(null);

  /** Continues a stopped run from its last epoch checkpoint; its status events update the view. */
  async continueTraining(): Promise<void> {
    this.continueError = null;
    try {
      await this.#api.resumeRun(this.#runId);
    } catch (error) {
      this.continueError = error;
    }
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = this.run === null;
    this.error = null;
    try {
      const detail = await this.#api.getRun(this.#runId);
      if (request !== this.#request) return;
      const epochs = this.#early.reduce(mergeEpoch, detail.epochs);
      const epochsCompleted = Math.max(detail.epochsCompleted, ...epochs.map((metrics) => metrics.epoch));
      this.run = { ...detail, epochs, epochsCompleted };
      this.#noteStatus(detail.status);
      this.#early = [];
    } catch (error) {
      if (request === this.#request) this.error = error;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  #addEpoch(metrics: EpochMetrics): void {
    if (this.run === null) {
      this.#early.push(metrics);
      return;
    }
    this.run = {
      ...this.run,
      epochs: mergeEpoch(this.run.epochs, metrics),
      epochsCompleted: Math.max(this.run.epochsCompleted, metrics.epoch),
    };
  }
}
