// The run store: every training run with its metrics, checkpoints and
// results, behind an interface so the service, the orchestrator and the CLI
// never see SQL. One implementation: sqliteRunStore.ts.
//
// Calls are synchronous (better-sqlite3 is); the API service wraps them in
// promises. Only the process that trains writes: the Electron main process,
// serve mode or a CLI `train`, one at a time per database file.

import type { RunListQuery } from '../../common/api/contract.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { DatasetInfo } from '../../common/datasets.js';
import type { ExternalOrigin } from '../../common/externalRuns.js';
import type {
  ConfusionMatrix,
  DatasetIdentity,
  EpochMetrics,
  FilterBank,
  Hyperparameters,
  MisclassifiedPage,
  MisclassifiedQuery,
  MisclassifiedSample,
  PerClassMetrics,
  RunDetail,
  RunStatus,
  RunSummary,
  StepPoint,
} from '../../common/runs.js';
import type { FilterFrame } from '../../common/insight.js';

export interface NewRun {
  name: string;
  architecture: ArchitectureSpec;
  /** The seed is `hyperparameters.seed`, the planned epochs `hyperparameters.epochs`. */
  hyperparameters: Hyperparameters;
  dataset: DatasetIdentity;
  paramCount: number;
}

/** Everything needed to continue training after the given epoch. */
export interface Checkpoint {
  /** The 1-based epoch at whose end this state was taken. */
  epoch: number;
  weights: Float32Array;
  optimizerState: Float32Array;
}

/** uint8 CHW planar pixels, as the dataset holds them. */
export interface RawPixels {
  channels: number;
  height: number;
  width: number;
  data: Uint8Array;
}

export type StoredMisclassifiedSample = Omit<MisclassifiedSample, 'pixels'> & { pixels: RawPixels };

export interface CompletedRunResults {
  testLoss: number;
  testAccuracy: number;
  confusion: ConfusionMatrix;
  perClass: PerClassMetrics[];
  firstLayerFilters: FilterBank | null;
  /** Every misclassified test image. */
  misclassified: StoredMisclassifiedSample[];
  /** Predicted label of every test image, by test index: what compare needs. */
  predictions: Uint8Array;
  finalWeights: Float32Array;
}

/**
 * A run trained elsewhere (common/externalRuns.ts), stored completed in one
 * go: its curves and, when the file had them, its test results. Unknown
 * architecture or recipe stay null; results of such a run carry no weights
 * unless the import had them (an empty finalWeights).
 */
export interface ExternalRunRecord {
  name: string;
  origin: ExternalOrigin;
  architecture: ArchitectureSpec | null;
  hyperparameters: Hyperparameters | null;
  dataset: DatasetIdentity;
  paramCount: number;
  epochs: EpochMetrics[];
  results: CompletedRunResults | null;
}

/** What another process may ask of a run's owner. */
export type ControlRequest = 'stop' | 'pause' | 'resume';

/** Statuses set directly; `completed` is reached only through completeRun with the results. */
export type SettableRunStatus = Exclude<RunStatus, 'completed'>;

export interface RunStore {
  /** Records a new run with status `running`; returns its id. */
  createRun(run: NewRun): number;
  /**
   * `failed`, `stopped` and `interrupted` set the finished time; `running` and
   * `paused` make this process the run's owner. A completed run's status cannot
   * change, nor can that of a run another live process trains.
   */
  setStatus(runId: number, status: SettableRunStatus, error?: string | null): RunSummary;
  /**
   * Records one finished epoch and the checkpoint taken at its end in one
   * transaction: after a crash either both are there or neither is. Epochs
   * must arrive in order (1, 2, …) while the run is running or paused. Only
   * the newest checkpoint is kept. `steps` is the training curve inside the
   * epoch (points outside it are dropped).
   */
  commitEpoch(runId: number, metrics: EpochMetrics, checkpoint: Checkpoint, steps?: readonly StepPoint[]): void;
  /** Adds time spent training in an epoch that never committed (the run stopped or failed inside it) to the run's duration. */
  addUnfinishedTime(runId: number, milliseconds: number): void;
  latestCheckpoint(runId: number): Checkpoint | null;
  /** Stores the test results and marks the run completed, in one transaction; drops the checkpoint. */
  completeRun(runId: number, results: CompletedRunResults): RunSummary;
  /** Stores a run trained elsewhere with everything it brings, in one transaction. */
  importExternalRun(run: ExternalRunRecord): RunSummary;
  /**
   * Runs left `running` or `paused` by a process that died become
   * `interrupted` with an error saying so (readers already see them so; this
   * records it). The writing process calls this once right after opening the
   * database; returns the ids it changed.
   */
  markInterruptedRuns(): number[];
  /** Tells readers in other processes that this process still trains these runs (see processLiveness.ts). */
  heartbeat(runIds: readonly number[]): void;
  /** Asks the process training a run (perhaps another one) to stop, pause or resume it; it polls takeControlRequests. */
  requestControl(runId: number, request: ControlRequest): RunSummary;
  /** The requests waiting for these runs of this process, each handed out once. */
  takeControlRequests(runIds: readonly number[]): { runId: number; request: ControlRequest }[];

  /** Newest first. `search` matches name, tags, architecture name and dataset, case-insensitively. */
  listRuns(query?: RunListQuery): RunSummary[];
  getRunSummary(runId: number): RunSummary;
  getRun(runId: number): RunDetail;
  /** Filtered, ordered and paged by SQLite; pixels come back base64-encoded. */
  getMisclassified(runId: number, query: MisclassifiedQuery): MisclassifiedPage;
  /** The run's misclassified samples among these test indices, by test index; others are skipped. */
  getMisclassifiedByIndices(runId: number, testIndices: readonly number[]): MisclassifiedSample[];
  /**
   * Samples `wrongRunId` misclassifies and `rightRunId` classifies correctly
   * (compare's "A right, B wrong" is `getMisclassifiedOnlyBy(B, A, …)`). Both
   * runs must be completed on the same test set, else RunStateError.
   */
  getMisclassifiedOnlyBy(wrongRunId: number, rightRunId: number, query: MisclassifiedQuery): MisclassifiedPage;
  /** Null until the run is completed. */
  getPredictions(runId: number): Uint8Array | null;
  getFinalWeights(runId: number): Float32Array | null;
  /** The first-layer filters recorded as each epoch committed, oldest first (none for runs stored before they were kept). */
  getEpochFilters(runId: number): FilterFrame[];

  renameRun(runId: number, name: string): RunSummary;
  /** Tags are trimmed, blanks dropped, duplicates (ignoring case) removed; order is kept. */
  setTags(runId: number, tags: readonly string[]): RunSummary;
  /** Deletes the run and everything stored for it, and gives its space back; a running or paused run must be stopped first. */
  deleteRun(runId: number): void;
  /** Rewrites the file without free pages (VACUUM) and turns on incremental vacuum for files made before it. */
  compact(): { bytesBefore: number; bytesAfter: number };

  /** Remembers an imported dataset (by its id) so listings offer it after a restart. */
  saveImportedDataset(info: DatasetInfo): void;
  /** Imported datasets, oldest first. */
  listImportedDatasets(): DatasetInfo[];
  /** Forgets an imported dataset; runs trained on it keep their results. False when it was not listed. */
  deleteImportedDataset(id: string): boolean;

  close(): void;
}
