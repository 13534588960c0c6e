// The one implementation of the WorkbenchApi contract. Serve mode carries it
// over WebSocket, the Electron preload over IPC; neither adds behaviour.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ApiError, type AppInfo, type RunListQuery, type WorkbenchApi } from '../../common/api/contract.js';
import { PRESETS } from '../../common/arch/presets.js';
import type { MisclassifiedQuery } from '../../common/runs.js';
import { importDataset, listDatasets } from '../datasets/registry.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { RunManager } from '../runs/runManager.js';
import type { RunStore } from '../store/runStore.js';
import type { ReportFile } from '../../common/api/insightApi.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { AugmentationPreviews } from './augmentationPreview.js';
import { compareRuns } from './compareRuns.js';
import { createInsightService } from '../insight/insightService.js';

export interface WorkbenchServiceOptions {
  databasePath: string;
  /** The desktop app prints reports to PDF (src-main/electron/reportPdf.ts); serve mode has no printer of its own. */
  saveReportPdf?: (report: ReportFile) => Promise<string | null>;
  carrier: AppInfo['carrier'];
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
  const insight = createInsightService({ store, datasets: datasetCache, saveReportPdf: options.saveReportPdf });

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
    async listDatasets() {
      const builtIn = await listDatasets();
      return [...builtIn, ...store.listImportedDatasets().filter((info) => !builtIn.some((b) => b.id === info.id))];
    },
    async importDataset(path: string) {
      if (typeof path !== 'string' || path.trim() === '') throw new ApiError('invalid-argument', 'give the path of an IDX folder or a CIFAR-10 folder or archive');
      try {
        const info = await importDataset(path.trim(), { trainLimit: undefined });
        store.saveImportedDataset(info);
        return info;
      } catch (error) {
        throw new ApiError('invalid-argument', (error as Error).message);
      }
    },
    previewAugmentation: async (request) => previews.preview(request),
    startRun: async (request) => runs.start(request),
    pauseRun: async (runId) => runs.pause(runId),
    // A paused run resumes where it is (here or in the process training it); a stopped or interrupted one continues from its last epoch checkpoint.
    resumeRun: async (runId) => runs.resumeOrContinue(runId),
    stopRun: async (runId) => runs.stop(runId),
    // Store errors are ApiErrors already (not-found, invalid-argument, conflict).
    listRuns: async (query?: RunListQuery) => store.listRuns(query),
    getRun: async (runId: number) => store.getRun(runId),
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
    // The Electron shell sends menu commands itself; the service has none of its own.
    onMenuCommand: () => () => {},
  };

  return {
    api,
    store,
    runs,
    async close() {
      await runs.close();
      await insight.close();
      store.close();
    },
  };
}
