// A run as a self-contained PyTorch folder: model.py (generated), train.py
// and its modules (python/, copied), run.json (architecture, recipe, data,
// normalisation), the run's split, its trained and initial weights, and a
// README with the commands. See python/train.py for what the folder does.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDatasetId } from '../../../common/datasets.js';
import { normalizationTable } from '../../../common/imageBatch.js';
import type { Hyperparameters } from '../../../common/runs.js';
import { recipeOf } from '../../../common/training/recipe.js';
import { createReferenceBackend } from '../../../workers/kernels/reference/index.js';
import { buildNetwork } from '../../../workers/network.js';
import { CHUNK_SIZE } from '../../../workers/training/chunks.js';
import { initializeFromData } from '../../../workers/training/dataInitialization.js';
import { ExportError, type ExportSource, type RunData } from '../exportSource.js';
import type { OutputFile } from '../outputFiles.js';
import { pytorchModel, type StateTensor } from './modelFile.js';
import { pytorchReadme } from './readme.js';

export const PYTORCH_EXPORT_FORMAT = 'cnn-workbench/pytorch-export';
export const WEIGHTS_FORMAT = 'cnn-workbench/weights';

const PYTHON_FOLDER = new URL('./python/', import.meta.url);

/** Where train.py reads the run's data: a kind its readers know and the path this machine loaded it from. */
export function dataLocation(datasetId: string, source: string): { kind: 'idx' | 'cifar' | 'images'; path: string } {
  const ref = parseDatasetId(datasetId);
  switch (ref.kind) {
    case 'mnist':
    case 'idx':
      return { kind: 'idx', path: ref.kind === 'idx' ? ref.folder : source };
    case 'cifar10':
    case 'cifar':
      return { kind: 'cifar', path: ref.kind === 'cifar' ? ref.path : source };
    case 'images':
      return { kind: 'images', path: ref.cacheFile };
  }
}

function weightsIndex(tensors: StateTensor[]) {
  let offset = 0;
  const entries = tensors.map((tensor) => {
    const length = tensor.shape.reduce((a, b) => a * b, 1);
    const entry = { name: tensor.key, layer: tensor.layer, param: tensor.param, role: tensor.role, shape: tensor.shape, offset, length };
    offset += length;
    return entry;
  });
  return { format: WEIGHTS_FORMAT, version: 1, dtype: 'float32', byteOrder: 'little', values: offset, tensors: entries };
}

/** float32 little-endian, the order of the workbench's flat buffer. */
function float32File(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setFloat32(k * 4, value, true));
  return bytes;
}

function uint32File(values: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setUint32(k * 4, value, true));
  return bytes;
}

/**
 * The weights the run started from: the engine's seeded initialisation
 * (workers/init.ts), with the identity set when the run asked for it and the
 * tensors a run computes from its training images (patch whitening)
 * computed from the same images, as the run did.
 */
function initialWeights(source: ExportSource, hyperparameters: Hyperparameters, data: RunData): Float32Array {
  const net = buildNetwork(source.architecture, {
    backend: createReferenceBackend('float32'),
    maxBatch: 1,
    seed: hyperparameters.seed,
    numClasses: source.classNames.length,
  });
  initializeFromData(net, data.dataset.train, data.split.train, normalizationTable(source.normalization));
  if (recipeOf(hyperparameters).identityInit) net.setPartialIdentity();
  return net.getWeights();
}

function pythonFiles(): OutputFile[] {
  const folder = fileURLToPath(PYTHON_FOLDER);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.py'))
    .map((name) => ({ name, data: readFileSync(new URL(name, PYTHON_FOLDER)) }));
}

export function pytorchFiles(source: ExportSource): OutputFile[] {
  const { run, architecture, hyperparameters, data } = source;
  if (!hyperparameters || !data) throw new ExportError(`run ${run.id} does not record its recipe and data, which train.py needs`);
  const { channels, height, width } = architecture.input;
  const model = pytorchModel(source.layers, {
    title: `${architecture.name}: the network of CNN Workbench run ${run.id} "${run.name}"`,
    classNames: source.classNames,
    input: [channels, height, width],
  });
  const index = weightsIndex(model.tensors);
  if (index.values !== source.weights.length) {
    throw new ExportError(`run ${run.id}: model.py holds ${index.values} values but the run has ${source.weights.length} weights`);
  }
  const dataset = data.dataset;
  const runJson = {
    format: PYTORCH_EXPORT_FORMAT,
    version: 1,
    run: { id: run.id, name: run.name, testAccuracy: run.testAccuracy, weightsAre: source.weightsAre },
    architecture,
    hyperparameters,
    dataset: run.dataset,
    data: {
      ...dataLocation(run.dataset.id, dataset.info.source),
      trainLimit: hyperparameters.trainLimit,
      testLimit: hyperparameters.testLimit,
      trainImages: dataset.train.count,
      testImages: dataset.test.count,
    },
    normalization: { mean: source.normalization.mean, std: source.normalization.std },
    split: {
      train: 'split-train.u32',
      validation: 'split-validation.u32',
      trainCount: data.split.train.length,
      validationCount: data.split.validation.length,
    },
    chunkSize: CHUNK_SIZE,
    weights: { trained: 'weights.bin', initial: 'initial-weights.bin' },
  };
  const indexJson = JSON.stringify(index, null, 1) + '\n';
  return [
    ...pythonFiles(),
    { name: 'model.py', data: model.source },
    { name: 'run.json', data: JSON.stringify(runJson, null, 2) + '\n' },
    { name: 'split-train.u32', data: uint32File(data.split.train) },
    { name: 'split-validation.u32', data: uint32File(data.split.validation) },
    { name: 'weights.bin', data: float32File(source.weights) },
    { name: 'weights.json', data: indexJson },
    { name: 'initial-weights.bin', data: float32File(initialWeights(source, hyperparameters, data)) },
    { name: 'initial-weights.json', data: indexJson },
    { name: 'README.md', data: pytorchReadme(source, runJson.data) },
  ];
}
