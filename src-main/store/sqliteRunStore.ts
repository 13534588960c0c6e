// The run store on SQLite (better-sqlite3). One writer: only the process that
// trains (the Electron main process, serve mode, or a CLI `train`) writes to a
// database file; WAL lets others read while it does. Every multi-statement
// change is one explicit transaction, and every statement is prepared once.

import type Database from 'better-sqlite3';
import type { DatasetInfo } from '../../common/datasets.js';
import type { RunListQuery } from '../../common/api/contract.js';
import type {
  EpochMetrics,
  MisclassifiedPage,
  MisclassifiedQuery,
  MisclassifiedSample,
  RunDetail,
  RunStatus,
  RunSummary,
  StepPoint,
} from '../../common/runs.js';
import type { FilterFrame } from '../../common/insight.js';
import { blobOf, float32FromBlob, uint8FromBlob } from './blobs.js';
import { EpochFilterTable } from './epochFilters.js';
import { EpochStepTable } from './epochSteps.js';
import { DesignTable } from './designTable.js';
import { RunQueueTable } from './runQueueTable.js';
import { openDatabase } from './openDatabase.js';
import * as sql from './runQueries.js';
import { checkEpoch, checkExternalRun, checkNewRun, checkResults } from './recordValidation.js';
import {
  toEpochMetrics,
  toMisclassifiedSample,
  toResults,
  toSummary,
  type EpochRow,
  type MisclassifiedRow,
  type ResultsRow,
  type SummaryRow,
} from './runRows.js';
import type { Checkpoint, CompletedRunResults, ControlRequest, ExternalRunRecord, NewRun, RunStore, SettableRunStatus } from './runStore.js';
import {
  validListQuery,
  validMisclassifiedQuery,
  validRunId,
  validRunName,
  validTags,
  validTestIndices,
  type MisclassifiedFilter,
} from './runValidation.js';
import { RunFieldError, RunNotFoundError, RunStateError } from './storeErrors.js';
import { SYSTEM_PROBE, type LivenessProbe } from './processLiveness.js';
import { truncateWalWhenLarge } from './walSize.js';
import { interruptionMessage, isActiveStatus, livenessJudge, ownerOf, sameOwner, withLiveness, type OwnerColumns } from './runOwnership.js';

export interface SqliteRunStoreOptions {
  /** The clock for created/finished times (tests pin it). */
  now?: () => Date;
  /** The id recorded as the owner of runs this store creates or continues (default: this process). */
  processId?: number;
  /** Whether the process that owns a run still exists (default: signal 0 on this machine). */
  isProcessAlive?: (pid: number) => boolean;
  /** How owners are judged alive: start times, heartbeats and their clock (default: this system's). */
  probe?: Partial<LivenessProbe>;
}

const SETTABLE_STATUSES: readonly SettableRunStatus[] = ['running', 'paused', 'failed', 'stopped', 'interrupted'];

interface RunState extends OwnerColumns {
  status: RunStatus;
  last_epoch: number;
}

interface ActiveOwnerRow extends OwnerColumns {
  id: number;
  status: RunStatus;
  epochs_completed: number;
}

interface TestSetRow {
  status: RunStatus;
  dataset_id: string;
  tested: number | null;
}

function prepareStatements(db: Database.Database) {
  const pageBy = (order: string) => db.prepare(sql.misclassifiedPage(order));
  return {
    summary: db.prepare(sql.SELECT_SUMMARY),
    listRuns: db.prepare(sql.LIST_RUNS),
    runState: db.prepare(sql.SELECT_RUN_STATE),
    detailJson: db.prepare(sql.SELECT_DETAIL_JSON),
    epochs: db.prepare(sql.SELECT_EPOCHS),
    results: db.prepare(sql.SELECT_RESULTS),
    testSet: db.prepare(sql.SELECT_TEST_SET),
    countMisclassified: db.prepare(sql.COUNT_MISCLASSIFIED),
    misclassifiedPage: {
      'confidence-desc': pageBy(sql.MISCLASSIFIED_ORDER['confidence-desc']),
      'confidence-asc': pageBy(sql.MISCLASSIFIED_ORDER['confidence-asc']),
      index: pageBy(sql.MISCLASSIFIED_ORDER.index),
    },
    misclassifiedByIndices: db.prepare(sql.MISCLASSIFIED_BY_INDICES),
    predictions: db.prepare(sql.SELECT_PREDICTIONS),
    finalWeights: db.prepare(sql.SELECT_FINAL_WEIGHTS),
    checkpoint: db.prepare(sql.SELECT_CHECKPOINT),
    insertRun: db.prepare(sql.INSERT_RUN),
    insertEpoch: db.prepare(sql.INSERT_EPOCH),
    addUnfinishedTime: db.prepare(sql.ADD_UNFINISHED_TIME),
    upsertCheckpoint: db.prepare(sql.UPSERT_CHECKPOINT),
    deleteCheckpoint: db.prepare(sql.DELETE_CHECKPOINT),
    insertResults: db.prepare(sql.INSERT_RESULTS),
    insertExternalRun: db.prepare(sql.INSERT_EXTERNAL_RUN),
    insertMisclassified: db.prepare(sql.INSERT_MISCLASSIFIED),
    markCompleted: db.prepare(sql.MARK_COMPLETED),
    markInterrupted: db.prepare(sql.MARK_INTERRUPTED),
    activeOwners: db.prepare(sql.SELECT_ACTIVE_OWNERS),
    updateStatusActive: db.prepare(sql.UPDATE_STATUS_ACTIVE),
    updateStatusEnded: db.prepare(sql.UPDATE_STATUS_ENDED),
    heartbeat: db.prepare(sql.HEARTBEAT),
    controlRequests: db.prepare(sql.SELECT_CONTROL_REQUESTS),
    clearControl: db.prepare(sql.CLEAR_CONTROL),
    setControl: db.prepare(sql.SET_CONTROL),
    renameRun: db.prepare(sql.RENAME_RUN),
    deleteTags: db.prepare(sql.DELETE_TAGS),
    insertTag: db.prepare(sql.INSERT_TAG),
    deleteRun: db.prepare(sql.DELETE_RUN),
    upsertImportedDataset: db.prepare(sql.UPSERT_IMPORTED_DATASET),
    listImportedDatasets: db.prepare(sql.LIST_IMPORTED_DATASETS),
    deleteImportedDataset: db.prepare(sql.DELETE_IMPORTED_DATASET),
  };
}

/** Opens (creating and migrating as needed) the database at `path`, or `:memory:`. */
export function openSqliteRunStore(path: string, options: SqliteRunStoreOptions = {}): SqliteRunStore {
  return new SqliteRunStore(openDatabase(path, options), options);
}

/**
 * Every transaction that writes begins IMMEDIATE: one that read first under a
 * deferred BEGIN and then wrote after another process's commit would fail at
 * once with SQLITE_BUSY (its snapshot is stale), without the busy timeout's wait.
 */
export class SqliteRunStore implements RunStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly epochFilters: EpochFilterTable;
  private readonly epochSteps: EpochStepTable;
  private readonly now: () => Date;
  private readonly probe: LivenessProbe;
  /** This process as an owner: its pid and start time. */
  private readonly self: { pid: number; start: string | null };

  /** `db` must come from openDatabase (pragmas set, schema migrated). */
  constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteRunStoreOptions = {},
  ) {
    this.statements = prepareStatements(db);
    this.epochFilters = new EpochFilterTable(db);
    this.epochSteps = new EpochStepTable(db);
    this.now = options.now ?? (() => new Date());
    this.probe = {
      ...SYSTEM_PROBE,
      ...(options.isProcessAlive ? { exists: options.isProcessAlive } : {}),
      ...options.probe,
    };
    const pid = options.processId ?? process.pid;
    this.self = { pid, start: this.probe.startOf(pid) };
  }

  createRun(run: NewRun): number {
    const name = checkNewRun(run);
    const inserted = this.statements.insertRun.run({
      name,
      createdAt: this.timestamp(),
      architectureName: run.architecture.name,
      architectureJson: JSON.stringify(run.architecture),
      hyperparametersJson: JSON.stringify(run.hyperparameters),
      datasetId: run.dataset.id,
      datasetName: run.dataset.name,
      datasetJson: JSON.stringify(run.dataset),
      seed: run.hyperparameters.seed,
      paramCount: run.paramCount,
      epochsPlanned: run.hyperparameters.epochs,
      ownerPid: this.self.pid,
      ownerStart: this.self.start,
      heartbeatAt: this.probe.now(),
    });
    return Number(inserted.lastInsertRowid);
  }

  setStatus(runId: number, status: SettableRunStatus, error: string | null = null): RunSummary {
    if (!SETTABLE_STATUSES.includes(status)) {
      throw new RunFieldError('status', `must be one of ${SETTABLE_STATUSES.join(', ')} (a run completes through completeRun)`);
    }
    if (error !== null && typeof error !== 'string') throw new RunFieldError('error', 'must be text or null');
    return this.db.transaction(() => {
      const state = this.runState(runId);
      if (state.status === 'completed') throw new RunStateError(`Run ${runId} is completed; its status cannot change.`);
      this.assertNotOwnedElsewhere(runId, state);
      if (isActiveStatus(status)) {
        this.statements.updateStatusActive.run({
          runId,
          status,
          error,
          ownerPid: this.self.pid,
          ownerStart: this.self.start,
          heartbeatAt: this.probe.now(),
        });
      } else {
        this.statements.updateStatusEnded.run({ runId, status, error, finishedAt: this.timestamp() });
      }
      return this.getRunSummary(runId);
    }).immediate();
  }

  commitEpoch(runId: number, metrics: EpochMetrics, checkpoint: Checkpoint, steps: readonly StepPoint[] = []): void {
    checkEpoch(metrics, checkpoint);
    this.db.transaction(() => {
      const state = this.runState(runId);
      const { status, last_epoch: lastEpoch } = state;
      this.assertActive(runId, status, 'record an epoch');
      this.assertOwnedHere(runId, state);
      if (metrics.epoch !== lastEpoch + 1) {
        throw new RunStateError(
          `Run ${runId} has ${lastEpoch} epochs recorded, so the next is epoch ${lastEpoch + 1}, not ${metrics.epoch}.`,
        );
      }
      this.statements.insertEpoch.run({ runId, ...metrics });
      this.statements.upsertCheckpoint.run(
        runId,
        checkpoint.epoch,
        blobOf(checkpoint.weights),
        blobOf(checkpoint.optimizerState),
      );
      this.epochFilters.record(runId, metrics.epoch, checkpoint.weights);
      this.epochSteps.record(runId, metrics.epoch, steps);
    }).immediate();
    truncateWalWhenLarge(this.db);
  }

  addUnfinishedTime(runId: number, milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds <= 0) return;
    this.statements.addUnfinishedTime.run(milliseconds, validRunId(runId));
  }

  /** The designs library and the run queue, kept in the same database file as the runs. */
  openSavedWork(): { designs: DesignTable; queue: RunQueueTable } {
    return { designs: new DesignTable(this.db, this.now), queue: new RunQueueTable(this.db, this.now) };
  }

  latestCheckpoint(runId: number): Checkpoint | null {
    this.runState(runId);
    const row = this.statements.checkpoint.get(runId) as
      | { epoch: number; weights: Buffer; optimizer_state: Buffer }
      | undefined;
    if (!row) return null;
    return { epoch: row.epoch, weights: float32FromBlob(row.weights), optimizerState: float32FromBlob(row.optimizer_state) };
  }

  completeRun(runId: number, results: CompletedRunResults): RunSummary {
    checkResults(results);
    const summary = this.db.transaction(() => {
      const state = this.runState(runId);
      this.assertActive(runId, state.status, 'complete it');
      this.assertOwnedHere(runId, state);
      this.insertResults(runId, results);
      // The final weights are stored; nothing resumes a completed run.
      this.statements.deleteCheckpoint.run(runId);
      this.statements.markCompleted.run(this.timestamp(), runId);
      return this.getRunSummary(runId);
    }).immediate();
    truncateWalWhenLarge(this.db);
    return summary;
  }

  importExternalRun(run: ExternalRunRecord): RunSummary {
    const name = checkExternalRun(run);
    if (run.results) checkResults(run.results);
    return this.db.transaction(() => {
      const inserted = this.statements.insertExternalRun.run({
        name,
        createdAt: this.timestamp(),
        architectureName: run.architecture?.name ?? '',
        architectureJson: JSON.stringify(run.architecture),
        hyperparametersJson: JSON.stringify(run.hyperparameters),
        datasetId: run.dataset.id,
        datasetName: run.dataset.name,
        datasetJson: JSON.stringify(run.dataset),
        seed: run.hyperparameters?.seed ?? 0,
        paramCount: run.paramCount,
        epochsPlanned: run.hyperparameters?.epochs ?? run.epochs.length,
        externalJson: JSON.stringify(run.origin),
      });
      const runId = Number(inserted.lastInsertRowid);
      for (const metrics of run.epochs) this.statements.insertEpoch.run({ runId, ...metrics });
      if (run.results) this.insertResults(runId, run.results);
      return this.getRunSummary(runId);
    }).immediate();
  }

  /** The results rows of a run; the caller holds the transaction. */
  private insertResults(runId: number, results: CompletedRunResults): void {
    const filters = results.firstLayerFilters;
    this.statements.insertResults.run({
      runId,
      testLoss: results.testLoss,
      testAccuracy: results.testAccuracy,
      misclassifiedCount: results.misclassified.length,
      confusionJson: JSON.stringify(results.confusion),
      perClassJson: JSON.stringify(results.perClass),
      filterCount: filters?.count ?? null,
      filterChannels: filters?.channels ?? null,
      filterHeight: filters?.height ?? null,
      filterWidth: filters?.width ?? null,
      filterValues: filters ? blobOf(Float32Array.from(filters.values)) : null,
      predictions: blobOf(results.predictions),
      finalWeights: blobOf(results.finalWeights),
    });
    for (const sample of results.misclassified) {
      const { channels, height, width, data } = sample.pixels;
      this.statements.insertMisclassified.run(
        runId,
        sample.testIndex,
        sample.trueLabel,
        sample.predictedLabel,
        sample.confidence,
        JSON.stringify(sample.probabilities),
        channels,
        height,
        width,
        blobOf(data),
      );
    }
  }

  markInterruptedRuns(): number[] {
    const isAlive = livenessJudge(this.probe);
    return this.db.transaction(() => {
      const marked: number[] = [];
      for (const row of this.statements.activeOwners.all() as ActiveOwnerRow[]) {
        const owner = ownerOf(row);
        // A run of this very process found at open time was left by an earlier store in it: interrupted too.
        if (isAlive(owner) && !sameOwner(owner, this.self)) continue;
        const changed = this.statements.markInterrupted.run({
          runId: row.id,
          now: this.timestamp(),
          error: interruptionMessage(row.status, owner, row.epochs_completed),
          ownerPid: row.owner_pid,
          ownerStart: row.owner_start,
        }).changes;
        if (changed > 0) marked.push(row.id);
      }
      return marked.sort((a, b) => a - b);
    }).immediate();
  }

  heartbeat(runIds: readonly number[]): void {
    if (runIds.length === 0) return;
    this.statements.heartbeat.run({ now: this.probe.now(), ids: JSON.stringify(runIds), ownerPid: this.self.pid });
  }

  requestControl(runId: number, request: ControlRequest): RunSummary {
    if (!['stop', 'pause', 'resume'].includes(request)) throw new RunFieldError('request', 'must be stop, pause or resume');
    return this.db.transaction(() => {
      const summary = this.getRunSummary(runId);
      if (!isActiveStatus(summary.status)) {
        throw new RunStateError(`Run ${runId} is ${summary.status}: only a running or paused run can be asked to ${request}.`);
      }
      this.statements.setControl.run(request, runId);
      return summary;
    }).immediate();
  }

  takeControlRequests(runIds: readonly number[]): { runId: number; request: ControlRequest }[] {
    if (runIds.length === 0) return [];
    const parameters = { ids: JSON.stringify(runIds), ownerPid: this.self.pid };
    // Polled twice a second: a plain read first, so the write lock is only taken when there is something to hand out.
    if (this.statements.controlRequests.all(parameters).length === 0) return [];
    return this.db.transaction(() => {
      const rows = this.statements.controlRequests.all(parameters) as { id: number; control: ControlRequest }[];
      for (const row of rows) this.statements.clearControl.run(row.id);
      return rows.map((row) => ({ runId: row.id, request: row.control }));
    }).immediate();
  }

  listRuns(query?: RunListQuery): RunSummary[] {
    const filter = validListQuery(query);
    const rows = this.statements.listRuns.all(filter) as SummaryRow[];
    const isAlive = livenessJudge(this.probe);
    const summaries = rows.map((row) => withLiveness(toSummary(row), ownerOf(row), isAlive));
    return filter.status === null ? summaries : summaries.filter((summary) => summary.status === filter.status);
  }

  getRunSummary(runId: number): RunSummary {
    const row = this.statements.summary.get(validRunId(runId)) as SummaryRow | undefined;
    if (!row) throw new RunNotFoundError(runId);
    return withLiveness(toSummary(row), ownerOf(row), livenessJudge(this.probe));
  }

  getRun(runId: number): RunDetail {
    // One read transaction: a snapshot even while the trainer commits epochs.
    return this.db.transaction(() => {
      const summary = this.getRunSummary(runId);
      const json = this.statements.detailJson.get(runId) as { architecture_json: string; hyperparameters_json: string };
      const results = this.statements.results.get(runId) as ResultsRow | undefined;
      return {
        ...summary,
        architecture: JSON.parse(json.architecture_json),
        hyperparameters: JSON.parse(json.hyperparameters_json),
        epochs: (this.statements.epochs.all(runId) as EpochRow[]).map(toEpochMetrics),
        trainSteps: this.epochSteps.list(runId),
        results: results ? toResults(results) : null,
      };
    })();
  }

  getMisclassified(runId: number, query: MisclassifiedQuery): MisclassifiedPage {
    const filter = validMisclassifiedQuery(query);
    return this.db.transaction(() => {
      this.runState(runId);
      return this.misclassifiedPage(runId, null, filter);
    })();
  }

  getMisclassifiedByIndices(runId: number, testIndices: readonly number[]): MisclassifiedSample[] {
    const indices = validTestIndices(testIndices);
    this.runState(runId);
    const rows = this.statements.misclassifiedByIndices.all(runId, JSON.stringify(indices)) as MisclassifiedRow[];
    return rows.map(toMisclassifiedSample);
  }

  getMisclassifiedOnlyBy(wrongRunId: number, rightRunId: number, query: MisclassifiedQuery): MisclassifiedPage {
    validRunId(wrongRunId, 'wrongRunId');
    validRunId(rightRunId, 'rightRunId');
    const filter = validMisclassifiedQuery(query);
    return this.db.transaction(() => {
      this.assertSameTestSet(wrongRunId, rightRunId);
      return this.misclassifiedPage(wrongRunId, rightRunId, filter);
    })();
  }

  getPredictions(runId: number): Uint8Array | null {
    this.runState(runId);
    const row = this.statements.predictions.get(runId) as { predictions: Buffer } | undefined;
    return row ? uint8FromBlob(row.predictions) : null;
  }

  getFinalWeights(runId: number): Float32Array | null {
    this.runState(runId);
    const row = this.statements.finalWeights.get(runId) as { final_weights: Buffer } | undefined;
    return row ? float32FromBlob(row.final_weights) : null;
  }

  getEpochFilters(runId: number): FilterFrame[] {
    this.runState(runId);
    return this.epochFilters.list(runId);
  }

  renameRun(runId: number, name: string): RunSummary {
    const validName = validRunName(name);
    return this.db.transaction(() => {
      this.runState(runId);
      this.statements.renameRun.run(validName, runId);
      return this.getRunSummary(runId);
    }).immediate();
  }

  setTags(runId: number, tags: readonly string[]): RunSummary {
    const validTagList = validTags(tags);
    return this.db.transaction(() => {
      this.runState(runId);
      this.statements.deleteTags.run(runId);
      validTagList.forEach((tag, position) => this.statements.insertTag.run(runId, tag, position));
      return this.getRunSummary(runId);
    }).immediate();
  }

  deleteRun(runId: number): void {
    this.db.transaction(() => {
      const { status } = this.getRunSummary(runId);
      if (isActiveStatus(status)) {
        throw new RunStateError(`Run ${runId} is ${status}; stop it before deleting it.`);
      }
      // Tags, epochs, checkpoint, results and samples go with it (ON DELETE CASCADE).
      this.statements.deleteRun.run(runId);
    }).immediate();
    // Hands the freed pages back to the file system (a no-op in files from before auto_vacuum: see compact).
    this.db.pragma('incremental_vacuum');
  }

  compact(): { bytesBefore: number; bytesAfter: number } {
    const bytes = () => (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
    const bytesBefore = bytes();
    // Also switches a file made before auto_vacuum to it, so later deletions give space back by themselves.
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { bytesBefore, bytesAfter: bytes() };
  }

  saveImportedDataset(info: DatasetInfo): void {
    this.statements.upsertImportedDataset.run({ id: info.id, infoJson: JSON.stringify(info), importedAt: this.timestamp() });
  }

  listImportedDatasets(): DatasetInfo[] {
    const rows = this.statements.listImportedDatasets.all() as { infoJson: string }[];
    return rows.map((row) => JSON.parse(row.infoJson) as DatasetInfo);
  }

  deleteImportedDataset(id: string): boolean {
    return this.statements.deleteImportedDataset.run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  private runState(runId: number): RunState {
    const state = this.statements.runState.get(validRunId(runId)) as RunState | undefined;
    if (!state) throw new RunNotFoundError(runId);
    return state;
  }

  private assertActive(runId: number, status: RunStatus, action: string): void {
    if (!isActiveStatus(status)) {
      throw new RunStateError(`Run ${runId} is ${status}: only a running or paused run can ${action}.`);
    }
  }

  /** Only the process training a run records its epochs: not one that lost it to another that continued it. */
  private assertOwnedHere(runId: number, state: RunState): void {
    const owner = ownerOf(state);
    if (!sameOwner(owner, this.self)) {
      throw new RunStateError(`Run ${runId} is being trained by another process (pid ${owner.pid}), not this one (pid ${this.self.pid}).`);
    }
  }

  /** A run another live process trains changes status there (ask it with requestControl), not here. */
  private assertNotOwnedElsewhere(runId: number, state: RunState): void {
    if (!isActiveStatus(state.status)) return;
    const owner = ownerOf(state);
    if (sameOwner(owner, this.self) || !livenessJudge(this.probe)(owner)) return;
    throw new RunStateError(`Run ${runId} is ${state.status} in another process (pid ${owner.pid}): stop it there, or from the app.`);
  }

  private assertSameTestSet(wrongRunId: number, rightRunId: number): void {
    const sides = [wrongRunId, rightRunId].map((runId) => {
      const row = this.statements.testSet.get(runId) as TestSetRow | undefined;
      if (!row) throw new RunNotFoundError(runId);
      if (row.tested === null) {
        throw new RunStateError(`Run ${runId} has no test results yet (it is ${row.status}), so its samples cannot be compared.`);
      }
      return { runId, datasetId: row.dataset_id, tested: row.tested };
    });
    const [wrong, right] = sides;
    if (wrong.datasetId !== right.datasetId || wrong.tested !== right.tested) {
      throw new RunStateError(
        `Runs ${wrong.runId} and ${right.runId} were tested on different test sets ` +
          `(${wrong.datasetId}, ${wrong.tested} images vs ${right.datasetId}, ${right.tested} images), so their samples cannot be compared.`,
      );
    }
  }

  private misclassifiedPage(runId: number, rightRunId: number | null, filter: MisclassifiedFilter): MisclassifiedPage {
    const parameters = { runId, rightRunId, ...filter };
    const { total } = this.statements.countMisclassified.get(parameters) as { total: number };
    const rows = this.statements.misclassifiedPage[filter.sort].all(parameters) as MisclassifiedRow[];
    return { total, samples: rows.map(toMisclassifiedSample) };
  }
}
