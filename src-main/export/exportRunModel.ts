// `cnn-workbench export RUN --format onnx|pytorch --out DIR` and the API's
// exportRun: a stored run's network and weights written for another engine.
//   onnx:    DIR/run-<id>.onnx (onnx/exportOnnx.ts says what the graph holds)
//   pytorch: a self-contained folder (pytorch/exportPytorch.ts)
// Nothing in DIR is ever replaced (outputFiles.ts).

import { resolve } from 'node:path';
import type { ModelExport, ModelExportFormat } from '../../common/api/modelExchangeApi.js';
import type { RunStore } from '../store/runStore.js';
import { exportSourceOf, type LoadRunDataset } from './exportSource.js';
import { exportOnnx } from './onnx/exportOnnx.js';
import { writeNewFiles } from './outputFiles.js';
import { pytorchFiles } from './pytorch/exportPytorch.js';

export { MODEL_EXPORT_FORMATS, type ModelExport, type ModelExportFormat } from '../../common/api/modelExchangeApi.js';

export interface ModelExportOptions {
  loadDataset: LoadRunDataset;
  /** The app's version, recorded in the model. */
  version: string;
}

export async function exportRunModel(
  store: RunStore,
  runId: number,
  format: ModelExportFormat,
  directory: string,
  options: ModelExportOptions,
): Promise<ModelExport> {
  const source = await exportSourceOf(store, runId, { loadDataset: options.loadDataset, withData: format === 'pytorch' });
  const folder = resolve(directory);
  if (format === 'pytorch') {
    return { format, runId, directory: folder, files: writeNewFiles(folder, pytorchFiles(source)), weightsAre: source.weightsAre };
  }
  const bytes = exportOnnx({
    architecture: source.architecture,
    layers: source.layers,
    normalization: source.normalization,
    classNames: source.classNames,
    source: `CNN Workbench ${options.version}, run ${runId} "${source.run.name}" (${source.weightsAre}) on ${source.run.dataset.name}`,
    producerVersion: options.version,
  });
  return { format, runId, directory: folder, files: writeNewFiles(folder, [{ name: `run-${runId}.onnx`, data: bytes }]), weightsAre: source.weightsAre };
}
