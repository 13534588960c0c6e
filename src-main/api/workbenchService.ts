// The one implementation of the WorkbenchApi contract. Serve mode carries it
// over WebSocket, the Electron preload over IPC; neither adds behaviour.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ApiError, type AppInfo, type DatasetPathKind, type RunListQuery, type WorkbenchApi } from '../../common/api/contract.js';
import { PRESETS } from '../../common/arch/presets.js';
import type { MisclassifiedQuery } from '../../common/runs.js';
import type { ImageImportOptions, ImageImportProgress } from '../../common/datasets.js';
import { DatasetLibrary } from '../datasets/datasetLibrary.js';
import { imageCacheFolder } from '../datasets/imageFolder/cacheLocation.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { RunManager } from '../runs/runManager.js';
import type { RunStore } from '../store/runStore.js';
import type { ReportFile } from '../../common/api/insightApi.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { AugmentationPreviews } from './augmentationPreview.js';
import { compareRuns } from './compareRuns.js';
import { createSavedWorkService, withPendingSteps } from './savedWorkService.js';
import { createExchangeService } from '../export/exchangeService.js';
import { createInsightService } from '../insight/insightService.js';

export interface WorkbenchServiceOptions {
  databasePath: string;
  /** The desktop app prints reports to PDF (src-main/electron/reportPdf.ts); serve mode has no printer of its own. */
  saveReportPdf?: (report: ReportFile) => Promise<string | null>;
  carrier: AppInfo['carrier'];
  /** The desktop app's native path picker; serve mode has none. */
  chooseDatasetPath?: (kind: DatasetPathKind) => Promise<string | null>;
}

export interface WorkbenchService {
  api: WorkbenchApi;
  store: RunStore;
  runs: RunManager;
  /** Stops every run and closes the database. */
  close(): Promise<void>;
}

const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string; productName: string };

export async function createWorkbenchService(options: WorkbenchServiceOptions): Promise<WorkbenchService> {
  const store = openSqliteRunStore(options.databasePath);
  store.markInterruptedRuns();
  const datasetCache = new DatasetCache();
  // The app shows runs a CLI `train` (or another window) trains on the same database as they go.
  const runs = new RunManager(store, datasetCache, { followOtherProcesses: true });
  const previews = new AugmentationPreviews(datasetCache);
  const savedWork = createSavedWorkService(store.openSavedWork(), runs);
  const insight = createInsightService({ store, datasets: datasetCache, saveReportPdf: options.saveReportPdf });
  const exchange = createExchangeService({ store, datasets: datasetCache, databasePath: options.databasePath, version: packageJson.version });
  const library = new DatasetLibrary({ store, datasets: datasetCache, imageCacheDir: imageCacheFolder(options.databasePath) });
  const imports = new Map<string, AbortController>();
  const importListeners = new Set<(event: ImageImportProgress) => void>();

  const api: WorkbenchApi = {
    async getAppInfo() {
      return {
        name: packageJson.productName,
        version: packageJson.version,
        versions: { node: process.versions.node, v8: process.versions.v8, ...(process.versions.electron ? { electron: process.versions.electron } : {}) },
        maxWorkers: availableParallelism(),
        databasePath: options.databasePath,
        carrier: options.carrier,
      };
    },
    async listPresets() {
      return structuredClone([...PRESETS]);
    },
    listDatasets: async () => library.list(),
    async importDataset(path: string, images?: ImageImportOptions) {
      if (typeof path === 'string' && imports.has(path)) throw new ApiError('conflict', `${path} is being imported already`);
      const controller = new AbortController();
      if (typeof path === 'string') imports.set(path, controller);
      try {
        return await library.import(path, images, {
          signal: controller.signal,
          onImageProgress: (event) => {
            for (const listener of importListeners) listener(event);
          },
        });
      } finally {
        if (imports.get(path) === controller) imports.delete(path);
      }
    },
    async chooseDatasetPath(kind: DatasetPathKind) {
      if (!options.chooseDatasetPath) throw new ApiError('conflict', 'serve mode has no file dialog: type the path of the folder or file instead');
      if (kind !== 'folder' && kind !== 'file') throw new ApiError('invalid-argument', `kind must be "folder" or "file", got ${JSON.stringify(kind)}`);
      return options.chooseDatasetPath(kind);
    },
    async cancelDatasetImport(path: string) {
      const controller = imports.get(path);
      controller?.abort();
      return controller !== undefined;
    },
    getDatasetOverview: async (datasetId: string) => library.overview(datasetId),
    async deleteDataset(datasetId: string) {
      await library.delete(datasetId);
    },
    previewAugmentation: async (request) => previews.preview(request),
    startRun: async (request) => runs.start(request),
    pauseRun: async (runId) => runs.pause(runId),
    // A paused run resumes where it is (here or in the process training it); a stopped or interrupted one continues from its last epoch checkpoint.
    resumeRun: async (runId) => runs.resumeOrContinue(runId),
    stopRun: async (runId) => runs.stop(runId),
    // Store errors are ApiErrors already (not-found, invalid-argument, conflict).
    listRuns: async (query?: RunListQuery) => store.listRuns(query),
    getRun: async (runId: number) => withPendingSteps(store.getRun(runId), runs.pendingSteps(runId)),
    getMisclassified: async (runId: number, query: MisclassifiedQuery) => store.getMisclassified(runId, query ?? {}),
    compareRuns: async (runIds: number[]) => compareRuns(store, runIds),
    getDisagreements: async (wrongRunId: number, rightRunId: number, query: MisclassifiedQuery) =>
      store.getMisclassifiedOnlyBy(wrongRunId, rightRunId, query ?? {}),
    renameRun: async (runId: number, name: string) => store.renameRun(runId, name),
    setRunTags: async (runId: number, tags: string[]) => store.setTags(runId, tags),
    deleteRun: async (runId: number) => {
      if (runs.isActive(runId)) throw new ApiError('conflict', `run ${runId} is still training: stop it before deleting it`);
      store.deleteRun(runId);
    },
    // The training loop already sends at most 10 progress events a second per run.
    onRunProgress: (listener) => runs.on('progress', listener),
    onRunEpoch: (listener) => runs.on('epoch', listener),
    onRunStatus: (listener) => runs.on('status', listener),
    ...insight.api,
    ...savedWork.api,
    ...exchange,
    // The Electron shell sends menu commands itself; the service has none of its own.
    onMenuCommand: () => () => {},
    onDatasetImportProgress: (listener) => {
      importListeners.add(listener);
      return () => importListeners.delete(listener);
    },
  };

  return {
    api,
    store,
    runs,
    async close() {
      await savedWork.close();
      await runs.close();
      await insight.close();
      store.close();
    },
  };
}
