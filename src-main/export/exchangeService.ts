// The API's half of src-main/export/ (common/api/modelExchangeApi.ts): runs
// out to ONNX or PyTorch, runs trained elsewhere back in. Errors about the
// request (a run without weights, a file that is not metrics, a folder
// already holding an export) reach the caller as invalid-argument.

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../common/api/contract.js';
import { MODEL_EXPORT_FORMATS, type ModelExchangeApi } from '../../common/api/modelExchangeApi.js';
import type { DatasetCache } from '../runs/datasetCache.js';
import type { RunStore } from '../store/runStore.js';
import { exportRunModel } from './exportRunModel.js';
import { ExportError, type LoadRunDataset } from './exportSource.js';
import { OnnxImportError } from './onnx/onnxTensors.js';
import { importRunFile, MetricsFileError } from './runImport/importRunFile.js';

export interface ExchangeServiceOptions {
  store: RunStore;
  datasets: DatasetCache;
  databasePath: string;
  version: string;
}

/** exports/run-3-onnx beside the database, or the first of run-3-onnx-2, -3, … not taken yet. */
function freshExportFolder(databasePath: string, runId: number, format: string): string {
  const root = join(databasePath === ':memory:' ? tmpdir() : dirname(resolve(databasePath)), 'exports');
  const base = join(root, `run-${runId}-${format}`);
  let folder = base;
  for (let n = 2; existsSync(folder); n++) folder = `${base}-${n}`;
  return folder;
}

async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ExportError || error instanceof MetricsFileError || error instanceof OnnxImportError) {
      throw new ApiError('invalid-argument', error.message);
    }
    throw error;
  }
}

export function createExchangeService(options: ExchangeServiceOptions): ModelExchangeApi {
  const { store, datasets } = options;
  const loadDataset: LoadRunDataset = (id, limits) => datasets.load(id, limits);
  return {
    exportRunModel: (runId, format, directory) =>
      asApiErrors(async () => {
        if (!MODEL_EXPORT_FORMATS.includes(format)) throw new ApiError('invalid-argument', `export format must be one of ${MODEL_EXPORT_FORMATS.join(', ')}, got ${String(format)}`);
        if (directory !== undefined && (typeof directory !== 'string' || directory.trim() === '')) throw new ApiError('invalid-argument', 'give the folder to export into, or none for a new one beside the database');
        const folder = directory?.trim() || freshExportFolder(options.databasePath, runId, format);
        return exportRunModel(store, runId, format, folder, { loadDataset, version: options.version });
      }),
    importRunFile: (path, name) =>
      asApiErrors(async () => {
        if (typeof path !== 'string' || path.trim() === '') throw new ApiError('invalid-argument', 'give the path of a metrics file (metrics.jsonl, a CSV or JSON lines)');
        if (name !== undefined && typeof name !== 'string') throw new ApiError('invalid-argument', 'the run name must be text');
        return importRunFile(store, path.trim(), { loadDataset, name: name?.trim() || undefined });
      }),
  };
}
