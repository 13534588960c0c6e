// Orchestrates training runs: validates a request, prepares the data, starts
// the coordinator worker and turns its messages into stored records and API
// events. The only writer of the run store while runs are active.

import type { ResourceLimits, Worker } from 'node:worker_threads';
import { analyzeArchitecture, describeArchitectureErrors } from '../../common/arch/analyze.js';
import { ApiError, type RunEpochEvent, type RunProgressEvent, type RunStatusEvent, type StartRunRequest } from '../../common/api/contract.js';
import { bytesPerImage, type LoadedDataset } from '../../common/datasets.js';
import { findAugmentationIssues, findHyperparameterIssues } from '../../common/hyperparameters.js';
import { confusionMatrix, perClassMetrics } from '../../common/metrics/classification.js';
import type { RunSummary, StepPoint } from '../../common/runs.js';
import { enableRelaxedSimd } from '../../workers/kernels/fast/relaxedSimd.js';
import { KeptThreads } from '../../workers/training/keptThreads.js';
import { RunControl, type CoordinatorMessage, type DoneMessage, type TrainRequest } from '../../workers/training/protocol.js';
import { runSplit, type ValidationSplit } from '../../common/dataSplit.js';
import type { Checkpoint, ControlRequest, RunStore, StoredMisclassifiedSample } from '../store/runStore.js';
import type { DatasetCache } from './datasetCache.js';
import { RunUpkeep } from './runUpkeep.js';
import { checkStartRequest } from './startRequest.js';
import { describeStoreFailure, describeWorkerError } from './runFailures.js';
import { unpackedUrl } from './workerLocation.js';

const COORDINATOR_URL = unpackedUrl(new URL('../../workers/training/trainWorker.js', import.meta.url));

interface ActiveRun {
  runId: number;
  worker: Worker;
  control: Int32Array;
  dataset: LoadedDataset;
  epochsPlanned: number;
  settled: boolean;
  /** The coordinator ended the run itself (done, stopped, error), so its thread can train the next one once released. */
  endedByCoordinator: boolean;
  /** The run as stored when it started here. */
  startSummary: RunSummary;
  finished: Promise<RunSummary>;
  settle: (summary: RunSummary) => void;
  /** Training curve points of the epoch in progress: stored with it when it commits. */
  steps: StepPoint[];
  /** Training time since the last committed epoch (pauses excluded): a stop inside an epoch adds it to the duration. */
  clock: { since: number | null; sinceCommitMs: number };
}

interface PreparedRun {
  request: StartRunRequest;
  dataset: LoadedDataset;
  split: ValidationSplit;
  paramCount: number;
}

export interface RunManagerOptions {
  /** Report runs other processes train on the same database (the app does; a CLI `train` does not). */
  followOtherProcesses?: boolean;
  /** Limits for the training worker's JavaScript heap; exceeding them fails the run, not the process. */
  workerResourceLimits?: ResourceLimits;
}

type Listeners = {
  progress: Set<(event: RunProgressEvent) => void>;
  epoch: Set<(event: RunEpochEvent) => void>;
  status: Set<(event: RunStatusEvent) => void>;
};

export class RunManager {
  private readonly active = new Map<number, ActiveRun>();
  private readonly listeners: Listeners = { progress: new Set(), epoch: new Set(), status: new Set() };
  private readonly upkeep: RunUpkeep;
  /** Coordinator threads, kept across runs. */
  private readonly threads: KeptThreads;
  /** Threads of ended runs still letting go of their run's memory: close() waits for them. */
  private readonly releasing = new Set<Promise<void>>();

  constructor(
    private readonly store: RunStore,
    private readonly datasets: DatasetCache,
    private readonly options: RunManagerOptions = {},
  ) {
    enableRelaxedSimd();
    // Two idle coordinators: two runs at once is the common most.
    this.threads = new KeptThreads(COORDINATOR_URL, 'training', 2, { resourceLimits: options.workerResourceLimits });
    this.upkeep = new RunUpkeep(
      {
        store,
        activeRunIds: () => [...this.active.keys()],
        apply: (runId, request) => this.applyRequest(runId, request),
        emitEpoch: (event) => this.listeners.epoch.forEach((listener) => listener(event)),
        emitStatus: (summary) => this.emitStatus(summary),
      },
      options.followOtherProcesses ?? false,
    );
  }

  on<K extends keyof Listeners>(event: K, listener: Listeners[K] extends Set<infer L> ? L : never): () => void {
    const set = this.listeners[event] as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Validates, stores the new run and starts training; resolves once training has started. */
  async start(request: StartRunRequest): Promise<RunSummary> {
    const prepared = await this.prepare(request);
    const { info } = prepared.dataset;
    const runId = this.store.createRun({
      name: request.name?.trim() || `${request.architecture.name} · ${info.name}`,
      architecture: request.architecture,
      hyperparameters: request.hyperparameters,
      dataset: {
        id: info.id,
        name: info.name,
        classNames: info.classNames,
        trainCount: prepared.split.train.length,
        valCount: prepared.split.validation.length,
        testCount: prepared.dataset.test.count,
      },
      paramCount: prepared.paramCount,
    });
    return this.launch(runId, prepared, undefined);
  }

  /**
   * Continues a stopped (or interrupted, or failed) run from its last epoch
   * checkpoint: the same data, split and seeds, so it ends with the weights
   * an uninterrupted run would have had.
   */
  async continueRun(runId: number): Promise<RunSummary> {
    if (this.active.has(runId)) throw new ApiError('conflict', `run ${runId} is already training`);
    const run = this.store.getRun(runId);
    if (run.status === 'completed') throw new ApiError('conflict', `run ${runId} is completed: there is nothing left to train`);
    if (run.status !== 'stopped' && run.status !== 'failed' && run.status !== 'interrupted') {
      // Running or paused, but not here: another window or process owns it.
      throw new ApiError('conflict', `run ${runId} is ${run.status} in another process: stop it there first`);
    }
    const checkpoint = this.store.latestCheckpoint(runId);
    if (!checkpoint) {
      throw new ApiError('conflict', `run ${runId} stopped before its first epoch finished, so there is no checkpoint to continue from: start a new run`);
    }
    if (!run.architecture || !run.hyperparameters) {
      throw new ApiError('conflict', `run ${runId} was trained elsewhere and imported: it cannot be continued here`);
    }
    const prepared = await this.prepare({ architecture: run.architecture, datasetId: run.dataset.id, hyperparameters: run.hyperparameters });
    this.store.setStatus(runId, 'running', null);
    return this.launch(runId, prepared, checkpoint);
  }

  private async prepare(request: StartRunRequest): Promise<PreparedRun> {
    checkStartRequest(request);
    const h = request.hyperparameters;
    const issues = findHyperparameterIssues(h);
    if (issues.length > 0) throw new ApiError('invalid-argument', issues.map((i) => i.message).join('; '));
    // Checked once before loading data (fail fast, no I/O) and again with the dataset's class count.
    const shapeOnly = analyzeArchitecture(request.architecture);
    if (!shapeOnly.valid) throw new ApiError('invalid-argument', describeArchitectureErrors(request.architecture, shapeOnly.errors));
    // The network's input is the images' size (checked against the dataset below).
    const augmentationIssues = findAugmentationIssues(h.augmentation, request.architecture.input, h.testTimeShift);
    if (augmentationIssues.length > 0) throw new ApiError('invalid-argument', augmentationIssues.map((i) => i.message).join('; '));

    const dataset = await this.datasets.load(request.datasetId, { trainLimit: h.trainLimit, testLimit: h.testLimit }).catch((error: Error) => {
      throw error instanceof ApiError ? error : new ApiError('invalid-argument', `dataset ${request.datasetId}: ${error.message}`);
    });
    const { info } = dataset;
    const input = request.architecture.input;
    if (input.channels !== info.channels || input.height !== info.height || input.width !== info.width) {
      throw new ApiError(
        'invalid-argument',
        `the network expects ${input.channels}×${input.height}×${input.width} input but ${info.name} images are ${info.channels}×${info.height}×${info.width}`,
      );
    }
    const analysis = analyzeArchitecture(request.architecture, { numClasses: info.classNames.length });
    if (!analysis.valid) throw new ApiError('invalid-argument', describeArchitectureErrors(request.architecture, analysis.errors));

    // A dataset that brings its own validation images (an image folder's val/) keeps them; otherwise the run's valSplit decides.
    const split = runSplit(dataset.train, dataset.validationIndices, h);
    if (split.train.length < 1) throw new ApiError('invalid-argument', 'no training images left after the validation split');
    return { request, dataset, split, paramCount: analysis.totalParams };
  }

  private launch(runId: number, prepared: PreparedRun, resumeFrom: Checkpoint | undefined): RunSummary {
    const { request, dataset, split } = prepared;
    const { info } = dataset;
    const h = request.hyperparameters;
    const control = new Int32Array(new SharedArrayBuffer(4));
    const job: TrainRequest = {
      architecture: request.architecture,
      hyperparameters: h,
      classNames: info.classNames,
      imageShape: { channels: info.channels, height: info.height, width: info.width },
      train: dataset.train,
      test: dataset.test,
      trainIndices: split.train,
      valIndices: split.validation,
      control,
      resumeFrom,
      progressPerSecond: 10,
    };
    const worker = this.threads.take();
    let settle!: (summary: RunSummary) => void;
    const finished = new Promise<RunSummary>((resolve) => (settle = resolve));
    const startSummary = this.store.getRunSummary(runId);
    const run: ActiveRun = {
      runId,
      worker,
      control,
      dataset,
      epochsPlanned: h.epochs,
      settled: false,
      endedByCoordinator: false,
      startSummary,
      finished,
      settle,
      steps: [],
      clock: { since: performance.now(), sinceCommitMs: 0 },
    };
    this.active.set(runId, run);
    this.attach(run);
    worker.postMessage(job);
    this.upkeep.ensureTimer();
    this.emitStatus(startSummary);
    return startSummary;
  }

  /** Routes the thread's events to the run until the thread is released or lost. */
  private attach(run: ActiveRun): void {
    const { worker } = run;
    let released!: () => void;
    const releasing = new Promise<void>((resolve) => (released = resolve));
    const detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.releasing.delete(releasing);
      released();
    };
    const onMessage = (message: CoordinatorMessage) => {
      if (message.type === 'released') {
        detach();
        // A run ended by the main process (a store failure) may still be training there: never reused then.
        if (run.endedByCoordinator) this.threads.keep(worker);
        else void this.threads.end(worker);
        return;
      }
      if (!run.settled) this.handle(run, message);
    };
    const onError = (error: Error) => {
      detach();
      void this.threads.end(worker);
      this.fail(run, describeWorkerError(error, this.options.workerResourceLimits));
    };
    const onExit = (code: number) => {
      detach();
      if (!run.settled) this.fail(run, `the training worker exited unexpectedly (code ${code})`);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    this.releasing.add(releasing);
  }

  /** A run another process trains is asked through the store; its owner polls for the request. */
  pause(runId: number): void {
    if (this.active.has(runId)) this.setControl(runId, RunControl.pause);
    else this.requestElsewhere(runId, 'pause');
  }

  resume(runId: number): void {
    if (this.active.has(runId)) this.setControl(runId, RunControl.run);
    else this.requestElsewhere(runId, 'resume');
  }

  stop(runId: number): void {
    if (this.active.has(runId)) this.setControl(runId, RunControl.stop);
    else this.requestElsewhere(runId, 'stop');
  }

  /** Resumes a paused run (here or in another process); continues a stopped, failed or interrupted one from its checkpoint. */
  async resumeOrContinue(runId: number): Promise<void> {
    if (this.active.has(runId)) return this.resume(runId);
    const { status } = this.store.getRunSummary(runId);
    if (status === 'running' || status === 'paused') return this.requestElsewhere(runId, 'resume');
    await this.continueRun(runId);
  }

  isActive(runId: number): boolean {
    return this.active.has(runId);
  }

  /** Training threads alive in this process, and how many of them wait for a run. */
  trainingThreads(): { live: number; idle: number } {
    return { live: this.threads.liveCount, idle: this.threads.idleCount };
  }

  /** Runs training in this process. */
  activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  /** The curve of the epoch a run here is in the middle of (not stored until the epoch commits). */
  pendingSteps(runId: number): StepPoint[] {
    return [...(this.active.get(runId)?.steps ?? [])];
  }

  /** Resolves with the final summary once the run completes, stops or fails. */
  waitFor(runId: number): Promise<RunSummary> {
    const run = this.active.get(runId);
    return run ? run.finished : Promise.resolve(this.store.getRunSummary(runId));
  }

  /** Stops every active run and waits for their workers to finish. */
  async close(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) this.stop(run.runId);
    await Promise.all(runs.map((run) => run.finished));
    await Promise.all([...this.releasing]);
    await this.threads.close();
    this.upkeep.close();
  }

  private setControl(runId: number, value: number): void {
    const run = this.active.get(runId);
    if (!run) throw new ApiError('conflict', `run ${runId} is not training`);
    Atomics.store(run.control, 0, value);
    Atomics.notify(run.control, 0);
  }

  private requestElsewhere(runId: number, request: ControlRequest): void {
    const summary = this.store.getRunSummary(runId);
    if (summary.status !== 'running' && summary.status !== 'paused') throw new ApiError('conflict', `run ${runId} is not training (it is ${summary.status})`);
    this.store.requestControl(runId, request);
  }

  /** A request another process left in the store for a run training here. */
  private applyRequest(runId: number, request: ControlRequest): void {
    if (!this.active.has(runId)) return;
    this.setControl(runId, request === 'stop' ? RunControl.stop : request === 'pause' ? RunControl.pause : RunControl.run);
  }

  private handle(run: ActiveRun, message: CoordinatorMessage): void {
    if (message.type === 'done' || message.type === 'stopped' || message.type === 'error') run.endedByCoordinator = true;
    try {
      switch (message.type) {
        case 'progress': {
          const { type: _type, ...progress } = message;
          run.steps.push(...(message.steps ?? []));
          for (const listener of this.listeners.progress) listener({ runId: run.runId, epochs: run.epochsPlanned, ...progress });
          break;
        }
        case 'epoch': {
          const epoch = message.metrics.epoch;
          this.store.commitEpoch(
            run.runId,
            message.metrics,
            { epoch, weights: message.weights, optimizerState: message.optimizerState },
            run.steps.filter((point) => point.x <= epoch),
          );
          run.steps = run.steps.filter((point) => point.x > epoch);
          run.clock = { since: run.clock.since === null ? null : performance.now(), sinceCommitMs: 0 };
          for (const listener of this.listeners.epoch) listener({ runId: run.runId, metrics: message.metrics });
          break;
        }
        case 'paused':
        case 'resumed':
          this.tickClock(run, message.type === 'resumed');
          this.emitStatus(this.store.setStatus(run.runId, message.type === 'paused' ? 'paused' : 'running'));
          break;
        case 'stopped':
          this.recordUnfinishedTime(run);
          this.finish(run, this.store.setStatus(run.runId, 'stopped', null));
          break;
        case 'done':
          this.finish(run, this.complete(run, message));
          break;
        case 'error':
          this.fail(run, message.message);
          break;
        case 'released':
          break;
      }
    } catch (error) {
      const failure = describeStoreFailure(error);
      this.end(run, failure.status, failure.message);
    }
  }

  private complete(run: ActiveRun, done: DoneMessage): RunSummary {
    const { info } = run.dataset;
    const test = run.dataset.test;
    const confusion = confusionMatrix(test.labels.subarray(0, test.count), done.predictions, info.classNames);
    const imageBytes = bytesPerImage(info);
    const misclassified: StoredMisclassifiedSample[] = done.misclassified.map((m) => ({
      testIndex: m.testIndex,
      trueLabel: m.trueLabel,
      predictedLabel: m.predictedLabel,
      confidence: m.probabilities[m.predictedLabel],
      probabilities: m.probabilities,
      pixels: {
        channels: info.channels,
        height: info.height,
        width: info.width,
        data: test.images.slice(m.testIndex * imageBytes, (m.testIndex + 1) * imageBytes),
      },
    }));
    return this.store.completeRun(run.runId, {
      testLoss: done.testLoss,
      testAccuracy: done.testAccuracy,
      confusion,
      perClass: perClassMetrics(confusion),
      firstLayerFilters: done.firstLayerFilters,
      misclassified,
      predictions: done.predictions,
      finalWeights: done.finalWeights,
    });
  }

  /** Folds the time since the clock last started into the total; the clock runs on only while training. */
  private tickClock(run: ActiveRun, running: boolean): void {
    const now = performance.now();
    if (run.clock.since !== null) run.clock.sinceCommitMs += now - run.clock.since;
    run.clock.since = running ? now : null;
  }

  /** A run that ends inside an epoch trained for that time too: it counts in its duration. */
  private recordUnfinishedTime(run: ActiveRun): void {
    this.tickClock(run, false);
    try {
      this.store.addUnfinishedTime(run.runId, run.clock.sinceCommitMs);
    } catch {
      // Only the duration shown would be short; the run's end is what must be recorded.
    }
    run.clock.sinceCommitMs = 0;
  }

  private fail(run: ActiveRun, message: string): void {
    this.end(run, 'failed', message);
  }

  /** Ends a run that did not finish on its own terms; when the store cannot take the status now, it is retried. */
  private end(run: ActiveRun, status: 'failed' | 'interrupted', message: string): void {
    if (run.settled) return;
    this.recordUnfinishedTime(run);
    let summary: RunSummary;
    try {
      summary = this.store.setStatus(run.runId, status, message);
    } catch {
      this.upkeep.rememberUnsavedEnd(run.runId, status, message);
      let latest = run.startSummary;
      try {
        latest = this.store.getRunSummary(run.runId);
      } catch {
        // Not even readable now: what was known at launch stands in, so nothing waits forever.
      }
      summary = { ...latest, status, error: message };
    }
    this.finish(run, summary);
  }

  private finish(run: ActiveRun, summary: RunSummary): void {
    if (run.settled) return;
    run.settled = true;
    this.active.delete(run.runId);
    // Ended here, not by its coordinator (a store failure, a crash): the thread must not train on unseen.
    if (!run.endedByCoordinator) void this.threads.end(run.worker);
    this.emitStatus(summary);
    run.settle(summary);
  }

  private emitStatus(summary: RunSummary): void {
    const event: RunStatusEvent = { runId: summary.id, status: summary.status, error: summary.error, summary };
    for (const listener of this.listeners.status) listener(event);
  }
}
