// `cnn-workbench export RUN --format onnx|pytorch --out DIR` and the API's
// exportRun: a stored run's network and weights written for another engine.
//   onnx:    DIR/run-<id>.onnx (onnx/exportOnnx.ts says what the graph holds)
//   pytorch: a self-contained folder (pytorch/exportPytorch.ts)
// Nothing in DIR is ever replaced (outputFiles.ts).

import type { RunStore } from '../store/runStore.js';
import { exportSourceOf, type LoadRunDataset } from './exportSource.js';
import { exportOnnx } from './onnx/exportOnnx.js';
import { writeNewFiles } from './outputFiles.js';
import { pytorchFiles } from './pytorch/exportPytorch.js';

export const MODEL_EXPORT_FORMATS = ['onnx', 'pytorch'] as const;
export type ModelExportFormat = (typeof MODEL_EXPORT_FORMATS)[number];

export interface ModelExport {
  format: ModelExportFormat;
  runId: number;
  /** Absolute paths of the files written. */
  files: string[];
  /** What was exported: `final weights` or `the checkpoint after epoch 3`. */
  weightsAre: string;
}

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
  if (format === 'pytorch') {
    return { format, runId, files: writeNewFiles(directory, pytorchFiles(source)), weightsAre: source.weightsAre };
  }
  const bytes = exportOnnx({
    architecture: source.architecture,
    layers: source.layers,
    normalization: source.normalization,
    classNames: source.classNames,
    source: `CNN Workbench ${options.version}, run ${runId} "${source.run.name}" (${source.weightsAre}) on ${source.run.dataset.name}`,
    producerVersion: options.version,
  });
  return { format, runId, files: writeNewFiles(directory, [{ name: `run-${runId}.onnx`, data: bytes }]), weightsAre: source.weightsAre };
}
