// The one typed API between the UI and the rest of the app. Implemented once
// in src-main (src-main/api/), carried by the Electron preload over IPC and by
// serve mode over HTTP + WebSocket. Methods return promises; events are `onX`
// subscriptions returning an unsubscribe function.

import type { ArchitectureSpec } from '../arch/spec.js';
import type { AugmentationPreview, AugmentationPreviewRequest } from '../augmentation/preview.js';
import type { DatasetInfo, DatasetOverview, ImageImportOptions, ImageImportProgress } from '../datasets.js';
import type {
  EpochMetrics,
  Hyperparameters,
  MisclassifiedPage,
  MisclassifiedQuery,
  RunDetail,
  RunStatus,
  RunSummary,
  StepPoint,
} from '../runs.js';
import { INSIGHT_METHODS, type InsightApi } from './insightApi.js';
import { SAVED_WORK_METHODS, type SavedWorkApi } from './savedWorkApi.js';
import { MODEL_EXCHANGE_METHODS, type ModelExchangeApi } from './modelExchangeApi.js';

export interface AppInfo {
  name: string;
  version: string;
  versions: Record<string, string>;
  /** Cores available for data-parallel training. */
  maxWorkers: number;
  databasePath: string;
  carrier: 'electron' | 'serve';
}

export interface PresetInfo {
  id: string;
  description: string;
  architecture: ArchitectureSpec;
  /** Dataset the preset was designed for. */
  datasetId: string;
  /** The report's default training recipe for this preset. */
  recipe: Hyperparameters;
}

export interface StartRunRequest {
  name?: string;
  architecture: ArchitectureSpec;
  datasetId: string;
  hyperparameters: Hyperparameters;
}

export type RunPhase = 'loading' | 'training' | 'validating' | 'testing' | 'saving';

export interface RunProgressEvent {
  runId: number;
  phase: RunPhase;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean over the current epoch so far. */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
  /** Training curve points completed since the previous event (a bounded number per epoch; see RunDetail.trainSteps). */
  steps?: StepPoint[];
}

export interface RunEpochEvent {
  runId: number;
  metrics: EpochMetrics;
}

export interface RunStatusEvent {
  runId: number;
  status: RunStatus;
  error: string | null;
  summary: RunSummary;
}

export interface RunListQuery {
  search?: string;
  status?: RunStatus;
  tag?: string;
}

export interface RunComparison {
  runs: RunDetail[];
  /** Pairwise with the first run as the baseline: runs[0] vs runs[i]. */
  pairs: {
    baselineId: number;
    otherId: number;
    /** Per class recall of other minus baseline. */
    recallDelta: number[];
    /** other.counts − baseline.counts, same shape as the confusion matrices. */
    confusionDelta: number[][];
    /** Images the baseline gets right and the other gets wrong, and the reverse. */
    baselineRightOtherWrong: MisclassifiedPage;
    otherRightBaselineWrong: MisclassifiedPage;
    /** Why the samples cannot be compared (different test sets, a run without results); null when they can. */
    sampleComparisonError: string | null;
  }[];
}

export type Unsubscribe = () => void;

export type DatasetPathKind = 'folder' | 'file';

/**
 * What the desktop app's native menu asks of the renderer. File dialogs run
 * in the main process (a sandboxed page cannot read paths) and their result
 * arrives here; serve mode has no native menu and never emits it.
 */
export type MenuCommand =
  | { command: 'new-architecture' }
  /** The text of a file the person chose; the renderer validates it like any other import. */
  | { command: 'open-architecture'; fileName: string; text: string }
  /** The renderer saves its architecture as a download; the shell shows the save dialog for it. */
  | { command: 'save-architecture' }
  /** A folder or archive the person chose; the renderer opens the Datasets view with it filled in (pictures need a size and channels). */
  | { command: 'import-dataset'; path: string };

/**
 * How a comparison lists its disagreements: most confident mistakes first,
 * 48 at a time (compareRuns returns the first page, getDisagreements the rest).
 */
export const DISAGREEMENT_PAGE = { sort: 'confidence-desc', limit: 48 } as const;

export interface WorkbenchApi extends InsightApi, ModelExchangeApi, SavedWorkApi {
  getAppInfo(): Promise<AppInfo>;
  listPresets(): Promise<PresetInfo[]>;
  listDatasets(): Promise<DatasetInfo[]>;
  /**
   * Import a dataset from a path on this machine: a folder of pictures (class
   * sub-folders, optionally inside train/ val/ test/), a filename,label CSV,
   * an IDX folder or a CIFAR-10 archive/folder. `images` says how pictures
   * are decoded (ignored for the other formats). Progress: onDatasetImportProgress.
   */
  importDataset(path: string, images?: ImageImportOptions): Promise<DatasetInfo>;
  /**
   * The desktop app's native picker for a dataset path; null when the person
   * cancels. Serve mode has none (the page offers a path field instead) and
   * refuses with a conflict.
   */
  chooseDatasetPath(kind: DatasetPathKind): Promise<string | null>;
  /** Cancels the import of `path` in progress (its importDataset then rejects); false when none was running. */
  cancelDatasetImport(path: string): Promise<boolean>;
  /** Class counts and a few pictures of each class, for the dataset browser. */
  getDatasetOverview(datasetId: string): Promise<DatasetOverview>;
  /** Forgets an imported dataset and deletes its decoded copy; runs trained on it keep their results. */
  deleteDataset(datasetId: string): Promise<void>;

  /** The first training images of a dataset before and after the augmentation a run with this seed draws for them. */
  previewAugmentation(request: AugmentationPreviewRequest): Promise<AugmentationPreview>;

  startRun(request: StartRunRequest): Promise<RunSummary>;
  pauseRun(runId: number): Promise<void>;
  /** Resumes a paused run; continues a stopped (or interrupted) run from its last epoch checkpoint. */
  resumeRun(runId: number): Promise<void>;
  stopRun(runId: number): Promise<void>;

  listRuns(query?: RunListQuery): Promise<RunSummary[]>;
  getRun(runId: number): Promise<RunDetail>;
  getMisclassified(runId: number, query: MisclassifiedQuery): Promise<MisclassifiedPage>;
  compareRuns(runIds: number[]): Promise<RunComparison>;
  /**
   * Test images `wrongRunId` misclassifies and `rightRunId` gets right, a page
   * at a time: the rest of a comparison's disagreements past its first page.
   * Both runs must be completed on the same test set.
   */
  getDisagreements(wrongRunId: number, rightRunId: number, query: MisclassifiedQuery): Promise<MisclassifiedPage>;
  renameRun(runId: number, name: string): Promise<RunSummary>;
  setRunTags(runId: number, tags: string[]): Promise<RunSummary>;
  deleteRun(runId: number): Promise<void>;

  onRunProgress(listener: (event: RunProgressEvent) => void): Unsubscribe;
  onRunEpoch(listener: (event: RunEpochEvent) => void): Unsubscribe;
  onRunStatus(listener: (event: RunStatusEvent) => void): Unsubscribe;
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  onDatasetImportProgress(listener: (event: ImageImportProgress) => void): Unsubscribe;
}

export type ApiMethodName = {
  [K in keyof WorkbenchApi]: K extends `on${string}` ? never : K;
}[keyof WorkbenchApi];

export type ApiEventName = Extract<keyof WorkbenchApi, `on${string}`>;

/** The allow-list both carriers enforce: nothing outside it is callable. */
export const API_METHODS: readonly ApiMethodName[] = [
  'getAppInfo',
  'listPresets',
  'listDatasets',
  'importDataset',
  'chooseDatasetPath',
  'cancelDatasetImport',
  'getDatasetOverview',
  'deleteDataset',
  'previewAugmentation',
  'startRun',
  'pauseRun',
  'resumeRun',
  'stopRun',
  'listRuns',
  'getRun',
  'getMisclassified',
  'compareRuns',
  'getDisagreements',
  'renameRun',
  'setRunTags',
  'deleteRun',
  ...INSIGHT_METHODS,
  ...MODEL_EXCHANGE_METHODS,
  ...SAVED_WORK_METHODS,
];

export const API_EVENTS: readonly ApiEventName[] = ['onRunProgress', 'onRunEpoch', 'onRunStatus', 'onMenuCommand', 'onDatasetImportProgress', 'onQueueChanged'];

export type ApiEventPayload<E extends ApiEventName> = Parameters<Parameters<WorkbenchApi[E]>[0]>[0];

/** What a carrier moves: a method call by name, or an event by name. */
export interface ApiTransport {
  invoke(method: ApiMethodName, args: unknown[]): Promise<unknown>;
  subscribe(event: ApiEventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** An error that crosses a carrier intact: a code the UI can branch on and a sentence for people. */
export interface ApiErrorPayload {
  code: 'invalid-argument' | 'not-found' | 'conflict' | 'internal';
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorPayload['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds the typed API on top of any carrier (preload IPC, WebSocket). */
export function createApiClient(transport: ApiTransport): WorkbenchApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = (...args: unknown[]) => transport.invoke(method, args);
  }
  for (const event of API_EVENTS) {
    api[event] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  return api as unknown as WorkbenchApi;
}
