// `cnn-workbench runs import FILE` (and the API's importRunFile): a run
// trained elsewhere stored as an external run. Two kinds of file:
// - the metrics.jsonl of an exported PyTorch folder (pytorchMetrics.ts): the
//   network, recipe, curves and test results come back, the misclassified
//   test images with their pixels (read from the run's dataset) and, when
//   train.py's weights.bin sits beside the file, the weights;
// - any CSV or JSON-lines table of per-epoch metrics (metricsTable.ts): the
//   curves only, the network and recipe unknown.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { analyzeArchitecture } from '../../../common/arch/analyze.js';
import { bytesPerImage, type LoadedDataset } from '../../../common/datasets.js';
import type { ExternalOrigin } from '../../../common/externalRuns.js';
import { perClassMetrics } from '../../../common/metrics/classification.js';
import type { FilterBank, RunSummary } from '../../../common/runs.js';
import type { CompletedRunResults, ExternalRunRecord, RunStore, StoredMisclassifiedSample } from '../../store/runStore.js';
import type { LoadRunDataset } from '../exportSource.js';
import { layersWithWeights } from '../layerTensors.js';
import { csvRows, epochsFromRows, MetricsFileError } from './metricsTable.js';
import { isPytorchMetrics, jsonLines, readPytorchMetrics, type PytorchMetrics } from './pytorchMetrics.js';

export { MetricsFileError };

export interface RunFileImport {
  record: ExternalRunRecord;
  /** What could not come along, in sentences: the person sees them. */
  notes: string[];
}

export interface RunFileOptions {
  loadDataset: LoadRunDataset;
  /** Replaces the name the file gives (or its file name). */
  name?: string;
  now?: () => Date;
}

function origin(kind: ExternalOrigin['kind'], file: string, now: Date, engine: string | null, exportedFromRunId: number | null): ExternalOrigin {
  return { kind, sourceFile: file, engine, exportedFromRunId, importedAt: now.toISOString(), normalization: null };
}

/** The first layer's filters when it is a convolution or patch whitening, as the run page shows them. */
export function firstLayerFilters(architecture: ExternalRunRecord['architecture'], weights: Float32Array, classes: number): FilterBank | null {
  const firstType = architecture?.layers[0]?.type;
  if (!architecture || weights.length === 0 || (firstType !== 'conv2d' && firstType !== 'patchWhitening')) return null;
  const tensor = layersWithWeights(architecture, weights, classes)[0].tensors.find((t) => t.name === 'weights');
  if (!tensor) return null;
  const [count, channels, height, width] = tensor.shape;
  return { count, channels, height, width, values: Array.from(tensor.values) };
}

/** train.py's weights beside its metrics, when they fit the network; else empty, with a note why. */
function weightsBeside(file: string, weightsFile: string | null, expected: number, notes: string[]): Float32Array {
  if (!weightsFile) return new Float32Array(0);
  const path = join(dirname(file), basename(weightsFile));
  if (!existsSync(path)) {
    notes.push(`the weights (${path}) are not beside the metrics file, so the run cannot be exported again`);
    return new Float32Array(0);
  }
  const bytes = readFileSync(path);
  if (bytes.byteLength !== expected * 4) {
    notes.push(`${path} holds ${bytes.byteLength / 4} values but the network has ${expected}: the weights were left out`);
    return new Float32Array(0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: expected }, (_, k) => view.getFloat32(k * 4, true));
}

async function testImages(metrics: PytorchMetrics, options: RunFileOptions, notes: string[]): Promise<LoadedDataset | null> {
  try {
    return await options.loadDataset(metrics.dataset.id, { trainLimit: 0, testLimit: metrics.dataset.testCount });
  } catch (error) {
    notes.push(`the misclassified images were left out: ${metrics.dataset.name} (${metrics.dataset.id}) cannot be loaded here (${(error as Error).message})`);
    return null;
  }
}

async function pytorchRecord(file: string, metrics: PytorchMetrics, options: RunFileOptions, now: Date): Promise<RunFileImport> {
  const notes: string[] = [];
  const classes = metrics.dataset.classNames.length;
  const analysis = analyzeArchitecture(metrics.architecture, { numClasses: classes });
  if (!analysis.valid) throw new MetricsFileError(`${file}: its architecture is not valid: ${analysis.errors.map((e) => e.message).join('; ')}`);
  let results: CompletedRunResults | null = null;
  const test = metrics.test;
  if (test) {
    const dataset = test.misclassified.length > 0 ? await testImages(metrics, options, notes) : null;
    const imageBytes = dataset ? bytesPerImage(dataset.info) : 0;
    const misclassified: StoredMisclassifiedSample[] = dataset
      ? test.misclassified.map((m) => ({
          ...m,
          confidence: m.probabilities[m.predictedLabel],
          pixels: {
            channels: dataset.info.channels,
            height: dataset.info.height,
            width: dataset.info.width,
            data: dataset.test.images.slice(m.testIndex * imageBytes, (m.testIndex + 1) * imageBytes),
          },
        }))
      : [];
    const finalWeights = weightsBeside(file, test.weightsFile, analysis.totalValues, notes);
    results = {
      testLoss: test.testLoss,
      testAccuracy: test.testAccuracy,
      confusion: test.confusion,
      perClass: perClassMetrics(test.confusion),
      firstLayerFilters: firstLayerFilters(metrics.architecture, finalWeights, classes),
      misclassified,
      predictions: Uint8Array.from(test.predictions),
      finalWeights,
    };
  } else {
    notes.push('the file has no test results (training ended before testing)');
  }
  return {
    record: {
      name: options.name ?? metrics.name,
      origin: origin('pytorch', file, now, metrics.engine, metrics.exportedFromRunId),
      architecture: metrics.architecture,
      hyperparameters: metrics.hyperparameters,
      dataset: metrics.dataset,
      paramCount: analysis.totalParams,
      epochs: metrics.epochs,
      results,
    },
    notes,
  };
}

/** Reads `path` into the run it describes, without storing it. */
export async function readRunFile(path: string, options: RunFileOptions): Promise<RunFileImport> {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MetricsFileError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const now = (options.now ?? (() => new Date()))();
  const csv = extname(file).toLowerCase() === '.csv';
  const lines = csv ? [] : jsonLines(text, file);
  if (!csv && isPytorchMetrics(lines)) return pytorchRecord(file, readPytorchMetrics(lines, file), options, now);
  const rows = csv ? csvRows(text, file) : lines.map((l) => ({ line: l.line, values: l.value }));
  return {
    record: {
      name: options.name ?? basename(file, extname(file)),
      origin: origin('metrics', file, now, null, null),
      architecture: null,
      hyperparameters: null,
      dataset: { id: 'unknown', name: 'not recorded', classNames: [], trainCount: 0, valCount: 0, testCount: 0 },
      paramCount: 0,
      epochs: epochsFromRows(rows, file),
      results: null,
    },
    notes: ['the file records per-epoch metrics only: the network, the recipe and test results are unknown'],
  };
}

export async function importRunFile(store: RunStore, path: string, options: RunFileOptions): Promise<{ run: RunSummary; notes: string[] }> {
  const { record, notes } = await readRunFile(path, options);
  return { run: store.importExternalRun(record), notes };
}
