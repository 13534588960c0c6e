// The Train view's state: the chosen dataset, the training settings, and the
// one run this window is watching (started here, or picked up when the view
// opens while a run is still going).

import type { StartRunRequest, WorkbenchApi } from '../../common/api/contract.js';
import { findHyperparameterIssues, type HyperparameterIssue } from '../../common/hyperparameters.js';
import { PRESETS } from '../../common/arch/presets.js';
import { completeHyperparameters, hasMomentumBuffer } from '../../common/training/recipe.js';
import type { Hyperparameters, LearningRateSchedule, OptimizerKind, RunStatus } from '../../common/runs.js';
import { fromDetail, isActive, startLiveRun, withDetail, withEpoch, withProgress, type LiveRun } from './liveRun.js';

export type RunControl = 'pause' | 'resume' | 'stop';

/** Each schedule's fields with sensible starting values when a person switches to it. */
export function defaultSchedule(kind: LearningRateSchedule['kind'], learningRate: number): LearningRateSchedule {
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, stepEpochs: 1, gamma: 0.5 };
    case 'cosine':
      return { kind, minLr: Math.min(0.001, learningRate) };
    case 'warmupCosine':
      return { kind, warmupEpochs: 1, minLr: Math.min(0.001, learningRate) };
    case 'oneCycle':
      // PyTorch's OneCycleLR defaults.
      return { kind, rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 };
  }
}

export class TrainingState {
  datasetId = $state<string | null>(null);
  /** Every optional recipe field present (off unless the preset turns it on), so the form binds to each. */
  hyperparameters = $state<Required<Hyperparameters>>(completeHyperparameters(structuredClone(PRESETS[0].recipe)));
  runName = $state('');
  maxWorkers = $state(1);

  live = $state.raw<LiveRun | null>(null);
  starting = $state(false);
  startError = $state<unknown>(null);
  pendingControl = $state<RunControl | null>(null);
  controlError = $state<unknown>(null);

  readonly issues = $derived<HyperparameterIssue[]>([
    ...findHyperparameterIssues(this.hyperparameters),
    ...(this.hyperparameters.workers > this.maxWorkers
      ? [{ field: 'workers' as const, message: `workers must be at most ${this.maxWorkers} on this machine` }]
      : []),
  ]);
  readonly status = $derived<RunStatus | null>(this.live?.summary.status ?? null);
  readonly isRunActive = $derived(this.status !== null && isActive(this.status));

  readonly #api: WorkbenchApi;

  constructor(api: WorkbenchApi) {
    this.#api = api;
    api.onRunProgress((event) => {
      if (this.live?.summary.id === event.runId) this.live = withProgress(this.live, event);
    });
    api.onRunEpoch((event) => {
      if (this.live?.summary.id === event.runId) this.live = withEpoch(this.live, event.metrics);
    });
    api.onRunStatus((event) => {
      if (this.live?.summary.id !== event.runId) return;
      const progress = isActive(event.status) ? this.live.progress : null;
      this.live = { ...this.live, progress, summary: { ...event.summary, status: event.status, error: event.error } };
    });
  }

  issueFor(field: HyperparameterIssue['field']): string | null {
    return this.issues.find((issue) => issue.field === field)?.message ?? null;
  }

  /** Applies a preset's recipe, keeping the worker count within this machine's cores. */
  applyRecipe(recipe: Hyperparameters): void {
    const copy = completeHyperparameters(structuredClone(recipe));
    this.hyperparameters = { ...copy, workers: Math.max(1, Math.min(copy.workers, this.maxWorkers)) };
  }

  /** Nesterov only applies to the momentum optimizers: switching to another turns it off rather than leaving an error. */
  setOptimizer(kind: OptimizerKind): void {
    this.hyperparameters.optimizer = kind;
    if (!hasMomentumBuffer(kind)) this.hyperparameters.nesterov = false;
  }

  setSchedule(kind: LearningRateSchedule['kind']): void {
    if (this.hyperparameters.schedule.kind !== kind) {
      this.hyperparameters.schedule = defaultSchedule(kind, this.hyperparameters.learningRate);
    }
  }

  async start(request: StartRunRequest): Promise<void> {
    this.starting = true;
    this.startError = null;
    this.controlError = null;
    try {
      const summary = await this.#api.startRun(request);
      this.live = startLiveRun(summary);
      await this.#catchUp(summary.id);
    } catch (error) {
      this.startError = error;
    } finally {
      this.starting = false;
    }
  }

  /** Follows a run that is already going (the view was opened or reloaded mid-run). */
  async follow(runId: number): Promise<void> {
    if (this.live?.summary.id === runId) return;
    try {
      const detail = await this.#api.getRun(runId);
      this.live = fromDetail(detail);
      // The form shows what the run trains with (after a reload it would show its defaults otherwise).
      if (detail.hyperparameters && isActive(detail.status)) {
        this.applyRecipe(detail.hyperparameters);
        this.datasetId = detail.dataset.id;
      }
    } catch (error) {
      this.controlError = error;
    }
  }

  async #catchUp(runId: number): Promise<void> {
    const detail = await this.#api.getRun(runId);
    if (this.live?.summary.id === runId) this.live = withDetail(this.live, detail);
  }

  async control(action: RunControl): Promise<void> {
    const run = this.live;
    if (!run || this.pendingControl) return;
    this.pendingControl = action;
    this.controlError = null;
    try {
      const id = run.summary.id;
      if (action === 'pause') await this.#api.pauseRun(id);
      else if (action === 'resume') await this.#api.resumeRun(id);
      else await this.#api.stopRun(id);
    } catch (error) {
      this.controlError = error;
    } finally {
      this.pendingControl = null;
    }
  }

  /** Forgets the finished run so the form is the focus again. */
  dismiss(): void {
    if (this.live && !isActive(this.live.summary.status)) this.live = null;
  }
}
