// The insight half of the API (common/api/insightApi.ts): looks into stored
// runs through the insight worker and writes reports. Everything heavy runs
// in the worker; here only the store is read and messages move.

import { ApiError } from '../../common/api/contract.js';
import type { InsightApi, ReportRequest } from '../../common/api/insightApi.js';
import type { FeatureMaps, FilterEvolution, FilterFrame, GradientCheckRequest, InspectedImage, Saliency } from '../../common/insight.js';
import type { DatasetCache } from '../runs/datasetCache.js';
import type { RunStore } from '../store/runStore.js';
import { gatherReport, type ReportInputs } from '../report/reportFile.js';
import { renderReportInWorker } from '../report/renderInWorker.js';
import { InsightWorkerClient } from './insightWorkerClient.js';
import type { PreparedImage } from './runImages.js';
import { RunImages } from './runImages.js';

export interface InsightServiceOptions {
  store: RunStore;
  datasets: Pick<DatasetCache, 'load'>;
  /** The desktop app's printToPDF and save dialog; serve mode and the CLI have none. */
  saveReportPdf?: (report: { fileName: string; html: string }) => Promise<string | null>;
}

export interface InsightService {
  api: InsightApi;
  close(): Promise<void>;
}

function inspected(prepared: PreparedImage, testIndex: number, probabilities: number[], predictedLabel: number): InspectedImage {
  const { architecture } = prepared.job;
  return {
    runId: prepared.run.id,
    testIndex,
    trueLabel: prepared.job.trueLabel,
    predictedLabel,
    probabilities,
    pixels: { ...architecture.input, base64: Buffer.from(prepared.job.pixels).toString('base64') },
  };
}

function checkedGradientRequest(request: GradientCheckRequest): GradientCheckRequest {
  if (typeof request !== 'object' || request === null || typeof request.architecture !== 'object' || request.architecture === null) {
    throw new ApiError('invalid-argument', 'checkGradients needs { architecture, numClasses? }');
  }
  const { numClasses } = request;
  if (numClasses !== undefined && !(Number.isSafeInteger(numClasses) && numClasses >= 2)) {
    throw new ApiError('invalid-argument', `numClasses must be a whole number ≥ 2, got ${String(numClasses)}`);
  }
  return { architecture: request.architecture, numClasses };
}

export function createInsightService(options: InsightServiceOptions): InsightService {
  const { store } = options;
  const worker = new InsightWorkerClient();
  const images = new RunImages(store, options.datasets, worker);

  async function filterEvolution(runId: number): Promise<FilterEvolution> {
    const { run } = images.trainedRun(runId);
    const initial = await worker.request('initialFilters', {
      architecture: run.architecture!,
      numClasses: run.dataset.classNames.length,
      seed: run.hyperparameters!.seed,
    });
    const final = run.results?.firstLayerFilters ?? null;
    if (!initial || !final) return { runId, frames: [], note: 'This network does not start with a convolution, so there are no filters to follow.' };
    const stored: FilterFrame[] = store.getEpochFilters(runId);
    const frames: FilterFrame[] = [{ epoch: 0, bank: initial }, ...stored.filter((frame) => frame.epoch < run.epochsCompleted)];
    // The final filters are those of the weights the run delivers (the weight average when it has one).
    frames.push({ epoch: run.epochsCompleted, bank: final });
    const missing = run.epochsCompleted - 1 - stored.filter((frame) => frame.epoch < run.epochsCompleted).length;
    const note = missing > 0 ? `${missing} of the ${run.epochsCompleted - 1} epochs before the last were trained before the workbench kept filters per epoch: the filmstrip shows the rest.` : null;
    return { runId, frames, note };
  }

  async function reportInputs(request: ReportRequest): Promise<ReportInputs> {
    if (typeof request !== 'object' || request === null || !Array.isArray(request.runIds) || request.runIds.length < 1 || request.runIds.length > 2) {
      throw new ApiError('invalid-argument', 'a report is about one run or compares two: give { runIds: [id] } or { runIds: [a, b] }');
    }
    return { store, runIds: request.runIds, filterEvolution: (runId) => filterEvolution(runId).catch(() => null) };
  }

  const api: InsightApi = {
    async getFeatureMaps(runId: number, testIndex: number): Promise<FeatureMaps> {
      const prepared = await images.prepare(runId, testIndex);
      const result = await worker.request('featureMaps', { job: prepared.job });
      return { ...inspected(prepared, testIndex, result.probabilities, result.predictedLabel), layers: result.layers };
    },
    async getSaliency(runId: number, testIndex: number): Promise<Saliency> {
      const prepared = await images.prepare(runId, testIndex);
      const { probabilities, predictedLabel, ...maps } = await worker.request('saliency', { job: prepared.job });
      return { ...inspected(prepared, testIndex, probabilities, predictedLabel), ...maps };
    },
    getFilterEvolution: filterEvolution,
    async checkGradients(request: GradientCheckRequest) {
      const checked = checkedGradientRequest(request);
      // The worker refuses an architecture it cannot build with a message naming the layer: that is the caller's input.
      return worker.request('gradientCheck', { request: checked }).catch((error: Error) => {
        throw error.message.includes('cannot be checked') ? new ApiError('invalid-argument', error.message) : error;
      });
    },
    // Read here (the store is this process's), written in a worker.
    createReport: async (request: ReportRequest) => renderReportInWorker(await gatherReport(await reportInputs(request))),
    async saveReportPdf(request: ReportRequest) {
      if (!options.saveReportPdf) throw new ApiError('conflict', 'PDF reports are made by the desktop app; here, save the HTML report and print it from the browser');
      return options.saveReportPdf(await renderReportInWorker(await gatherReport(await reportInputs(request))));
    },
  };
  return { api, close: () => worker.close() };
}
