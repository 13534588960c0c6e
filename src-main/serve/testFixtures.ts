// Test fixtures for the carriers (used by *.test.ts only): a fake
// WorkbenchApi with one scripted behaviour per kind of answer, and a
// throwaway renderer build with a secret beside it for traversal tests.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../common/api/contract.js';
import type { AugmentationPreview, AugmentationPreviewRequest } from '../../common/augmentation/preview.js';
import type {
  ApiEventName,
  ApiEventPayload,
  AppInfo,
  DatasetPathKind,
  PresetInfo,
  RunComparison,
  RunListQuery,
  StartRunRequest,
  Unsubscribe,
  WorkbenchApi,
} from '../../common/api/contract.js';
import type { DatasetInfo, DatasetOverview } from '../../common/datasets.js';
import type { MisclassifiedPage, MisclassifiedQuery, RunDetail, RunSummary } from '../../common/runs.js';
import type { ReportFile, ReportRequest } from '../../common/api/insightApi.js';
import type { ModelExport, ModelExportFormat, RunFileImport } from '../../common/api/modelExchangeApi.js';
import type { FeatureMaps, FilterEvolution, GradientCheckReport, GradientCheckRequest, Saliency } from '../../common/insight.js';
import type { DesignSummary, SaveDesignRequest, SavedDesign, WorkingDesign } from '../../common/designs.js';
import type { QueueState, QueuedRun } from '../../common/runQueue.js';
import type { SweepRequest } from '../../common/sweeps.js';

/**
 * renameRun and setRunTags echo their arguments; getRun fails with a
 * `not-found` ApiError; deleteRun with a plain Error (an unexpected failure);
 * importDataset never answers (a call in flight). Methods live on the
 * prototype, as in a real class-based implementation.
 */
export class FakeWorkbenchApi implements WorkbenchApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly #listeners = new Map<ApiEventName, Set<(payload: never) => void>>();

  emit<E extends ApiEventName>(event: E, payload: ApiEventPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload as never);
  }

  listenerCount(event: ApiEventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  async getAppInfo(): Promise<AppInfo> {
    this.#record('getAppInfo', []);
    return { name: 'CNN Workbench', version: '0.0.0-test', versions: {}, maxWorkers: 1, databasePath: ':memory:', carrier: 'serve' };
  }

  async listPresets(): Promise<PresetInfo[]> {
    this.#record('listPresets', []);
    return [];
  }

  async listDatasets(): Promise<DatasetInfo[]> {
    this.#record('listDatasets', []);
    return [];
  }

  importDataset(path: string): Promise<DatasetInfo> {
    this.#record('importDataset', [path]);
    return new Promise(() => {});
  }

  async chooseDatasetPath(kind: DatasetPathKind): Promise<string | null> {
    this.#record('chooseDatasetPath', [kind]);
    return null;
  }

  async cancelDatasetImport(path: string): Promise<boolean> {
    this.#record('cancelDatasetImport', [path]);
    return false;
  }

  async getDatasetOverview(datasetId: string): Promise<DatasetOverview> {
    this.#record('getDatasetOverview', [datasetId]);
    throw new ApiError('not-found', `no dataset has the id or name "${datasetId}"`);
  }

  async deleteDataset(datasetId: string): Promise<void> {
    this.#record('deleteDataset', [datasetId]);
  }

  async previewAugmentation(request: AugmentationPreviewRequest): Promise<AugmentationPreview> {
    this.#record('previewAugmentation', [request]);
    return { samples: [] };
  }

  async startRun(request: StartRunRequest): Promise<RunSummary> {
    this.#record('startRun', [request]);
    throw new ApiError('conflict', 'A run is already training.');
  }

  async pauseRun(runId: number): Promise<void> {
    this.#record('pauseRun', [runId]);
  }

  async resumeRun(runId: number): Promise<void> {
    this.#record('resumeRun', [runId]);
  }

  async stopRun(runId: number): Promise<void> {
    this.#record('stopRun', [runId]);
  }

  // Rest parameters record the arguments exactly as they arrived, showing what a carrier did to an omitted query.
  async listRuns(...args: [query?: RunListQuery]): Promise<RunSummary[]> {
    this.#record('listRuns', args);
    return [fakeRunSummary(1, 'first')];
  }

  async getRun(runId: number): Promise<RunDetail> {
    this.#record('getRun', [runId]);
    throw new ApiError('not-found', `There is no run ${runId}.`);
  }

  async getMisclassified(runId: number, query: MisclassifiedQuery): Promise<MisclassifiedPage> {
    this.#record('getMisclassified', [runId, query]);
    return { total: 0, samples: [] };
  }

  async compareRuns(runIds: number[]): Promise<RunComparison> {
    this.#record('compareRuns', [runIds]);
    return { runs: [], pairs: [] };
  }

  async getDisagreements(wrongRunId: number, rightRunId: number, query: MisclassifiedQuery): Promise<MisclassifiedPage> {
    this.#record('getDisagreements', [wrongRunId, rightRunId, query]);
    return { total: 0, samples: [] };
  }

  async renameRun(runId: number, name: string): Promise<RunSummary> {
    this.#record('renameRun', [runId, name]);
    return fakeRunSummary(runId, name);
  }

  async setRunTags(runId: number, tags: string[]): Promise<RunSummary> {
    this.#record('setRunTags', [runId, tags]);
    return { ...fakeRunSummary(runId, 'tagged'), tags };
  }

  async deleteRun(runId: number): Promise<void> {
    this.#record('deleteRun', [runId]);
    throw new Error(`database is locked (run ${runId})`);
  }

  async getFeatureMaps(runId: number, testIndex: number): Promise<FeatureMaps> {
    this.#record('getFeatureMaps', [runId, testIndex]);
    throw new ApiError('not-found', `There is no run ${runId}.`);
  }

  async getSaliency(runId: number, testIndex: number): Promise<Saliency> {
    this.#record('getSaliency', [runId, testIndex]);
    throw new ApiError('not-found', `There is no run ${runId}.`);
  }

  async getFilterEvolution(runId: number): Promise<FilterEvolution> {
    this.#record('getFilterEvolution', [runId]);
    return { runId, frames: [], note: null };
  }

  async checkGradients(request: GradientCheckRequest): Promise<GradientCheckReport> {
    this.#record('checkGradients', [request]);
    throw new ApiError('invalid-argument', 'the fake checks no gradients');
  }

  async createReport(request: ReportRequest): Promise<ReportFile> {
    this.#record('createReport', [request]);
    return { fileName: 'report.html', html: '<!doctype html><title>report</title>' };
  }

  async saveReportPdf(request: ReportRequest): Promise<string | null> {
    this.#record('saveReportPdf', [request]);
    return null;
  }

  async exportRunModel(runId: number, format: ModelExportFormat, directory?: string): Promise<ModelExport> {
    this.#record('exportRunModel', [runId, format, directory]);
    const folder = directory ?? `/exports/run-${runId}-${format}`;
    return { format, runId, directory: folder, files: [`${folder}/run-${runId}.onnx`], weightsAre: 'final weights' };
  }

  async importRunFile(path: string, name?: string): Promise<RunFileImport> {
    this.#record('importRunFile', [path, name]);
    return { run: fakeRunSummary(9, name ?? 'imported'), notes: [] };
  }

  async getWorkingDesign(): Promise<WorkingDesign | null> {
    this.#record('getWorkingDesign', []);
    return null;
  }

  async saveWorkingDesign(design: WorkingDesign): Promise<void> {
    this.#record('saveWorkingDesign', [design]);
  }

  async listDesigns(): Promise<DesignSummary[]> {
    this.#record('listDesigns', []);
    return [];
  }

  async getDesign(designId: number): Promise<SavedDesign> {
    this.#record('getDesign', [designId]);
    throw new ApiError('not-found', `Design ${designId} is not in the library.`);
  }

  async saveDesign(request: SaveDesignRequest): Promise<DesignSummary> {
    this.#record('saveDesign', [request]);
    return { id: request.id ?? 1, name: request.name, paramCount: 0, layerCount: 0, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
  }

  async duplicateDesign(designId: number): Promise<DesignSummary> {
    this.#record('duplicateDesign', [designId]);
    throw new ApiError('not-found', `Design ${designId} is not in the library.`);
  }

  async deleteDesign(designId: number): Promise<void> {
    this.#record('deleteDesign', [designId]);
  }

  async queueRun(request: StartRunRequest): Promise<QueuedRun> {
    this.#record('queueRun', [request]);
    return { id: 1, name: request.name ?? 'queued', request, sweepLabel: null, error: null, createdAt: '2025-01-01T00:00:00.000Z' };
  }

  async queueSweep(request: SweepRequest): Promise<QueuedRun[]> {
    this.#record('queueSweep', [request]);
    return [];
  }

  async getQueue(): Promise<QueueState> {
    this.#record('getQueue', []);
    return { runs: [], held: false, heldReason: null };
  }

  async moveQueuedRun(queueId: number, position: number): Promise<QueueState> {
    this.#record('moveQueuedRun', [queueId, position]);
    return { runs: [], held: false, heldReason: null };
  }

  async cancelQueuedRun(queueId: number): Promise<QueueState> {
    this.#record('cancelQueuedRun', [queueId]);
    return { runs: [], held: false, heldReason: null };
  }

  async resumeQueue(): Promise<QueueState> {
    this.#record('resumeQueue', []);
    return { runs: [], held: false, heldReason: null };
  }

  async clearQueue(): Promise<QueueState> {
    this.#record('clearQueue', []);
    return { runs: [], held: false, heldReason: null };
  }

  onQueueChanged(listener: (event: ApiEventPayload<'onQueueChanged'>) => void): Unsubscribe {
    return this.#listen('onQueueChanged', listener);
  }

  onRunProgress(listener: (event: ApiEventPayload<'onRunProgress'>) => void): Unsubscribe {
    return this.#listen('onRunProgress', listener);
  }

  onRunEpoch(listener: (event: ApiEventPayload<'onRunEpoch'>) => void): Unsubscribe {
    return this.#listen('onRunEpoch', listener);
  }

  onRunStatus(listener: (event: ApiEventPayload<'onRunStatus'>) => void): Unsubscribe {
    return this.#listen('onRunStatus', listener);
  }

  onMenuCommand(listener: (event: ApiEventPayload<'onMenuCommand'>) => void): Unsubscribe {
    return this.#listen('onMenuCommand', listener);
  }

  onDatasetImportProgress(listener: (event: ApiEventPayload<'onDatasetImportProgress'>) => void): Unsubscribe {
    return this.#listen('onDatasetImportProgress', listener);
  }

  #record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  #listen(event: ApiEventName, listener: (payload: never) => void): Unsubscribe {
    const listeners = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }
}

export function fakeRunSummary(id: number, name: string): RunSummary {
  return {
    id,
    name,
    status: 'completed',
    tags: [],
    createdAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:01:00.000Z',
    dataset: { id: 'mnist', name: 'MNIST', classNames: ['0', '1'], trainCount: 10, valCount: 0, testCount: 10 },
    architectureName: 'tiny',
    paramCount: 42,
    epochsPlanned: 1,
    epochsCompleted: 1,
    bestValAccuracy: null,
    testAccuracy: 0.5,
    durationMs: 60_000,
    error: null,
    external: null,
  };
}

export const SECRET_TEXT = 'secret beside the renderer';

export interface RendererFixture {
  /** Holds index.html, assets/app.js, assets/app.css, .env and `escape` (a symlink to ../secret.txt). */
  rendererDir: string;
  remove(): Promise<void>;
}

export async function createRendererFixture(): Promise<RendererFixture> {
  const root = await mkdtemp(join(tmpdir(), 'cnn-workbench-serve-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>CNN Workbench</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
  await writeFile(join(rendererDir, 'assets', 'app.css'), 'body {}');
  await writeFile(join(rendererDir, '.env'), SECRET_TEXT);
  await writeFile(join(root, 'secret.txt'), SECRET_TEXT);
  await symlink(join(root, 'secret.txt'), join(rendererDir, 'escape'));
  return { rendererDir, remove: () => rm(root, { recursive: true, force: true }) };
}
