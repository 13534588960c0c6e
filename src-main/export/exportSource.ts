// What every export starts from: a stored run's network, its weights cut
// into layers, its class names and the input normalisation it trained with,
// and (when asked) its data as the run saw it: the same loaded images, the
// same training/validation split, statistics from the training split only.

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { runSplit, type ValidationSplit } from '../../common/dataSplit.js';
import type { LoadedDataset } from '../../common/datasets.js';
import { computeChannelStats, type ChannelStats } from '../../common/imageBatch.js';
import type { Hyperparameters, RunDetail } from '../../common/runs.js';
import type { RunStore } from '../store/runStore.js';
import { layersWithWeights, type WeightedLayer } from './layerTensors.js';

export type LoadRunDataset = (id: string, limits: { trainLimit: number | null; testLimit: number | null }) => Promise<LoadedDataset>;

export class ExportError extends Error {
  override name = 'ExportError';
}

export interface RunData {
  dataset: LoadedDataset;
  split: ValidationSplit;
}

export interface ExportSource {
  run: RunDetail;
  architecture: ArchitectureSpec;
  /** Null for a run imported from a file that did not state its recipe. */
  hyperparameters: Hyperparameters | null;
  weights: Float32Array;
  /** `final weights` or `the checkpoint after epoch 3`: what `weights` are. */
  weightsAre: string;
  layers: WeightedLayer[];
  classNames: string[];
  normalization: ChannelStats;
  /** Loaded when asked for (the PyTorch export needs the data; ONNX only its statistics). */
  data: RunData | null;
}

/** The data of a run as it trained: the limits it loaded with, its split, its normalisation. */
export async function loadRunData(run: RunDetail, hyperparameters: Hyperparameters, loadDataset: LoadRunDataset): Promise<RunData & { normalization: ChannelStats }> {
  let dataset: LoadedDataset;
  try {
    dataset = await loadDataset(run.dataset.id, { trainLimit: hyperparameters.trainLimit, testLimit: hyperparameters.testLimit });
  } catch (error) {
    throw new ExportError(`run ${run.id} trained on ${run.dataset.name} (${run.dataset.id}), which cannot be loaded now: ${(error as Error).message}`);
  }
  const split = runSplit(dataset.train, dataset.validationIndices, hyperparameters);
  if (split.train.length !== run.dataset.trainCount || dataset.test.count !== run.dataset.testCount) {
    throw new ExportError(
      `run ${run.id}'s data has changed since it trained: ${run.dataset.trainCount} training and ${run.dataset.testCount} test images then, ` +
        `${split.train.length} and ${dataset.test.count} now (${run.dataset.id})`,
    );
  }
  const normalization = computeChannelStats(dataset.train, dataset.info.channels, split.train);
  return { dataset, split, normalization };
}

function weightsOf(store: RunStore, run: RunDetail): { weights: Float32Array; weightsAre: string } {
  const final = store.getFinalWeights(run.id);
  if (final && final.length > 0) return { weights: final, weightsAre: 'final weights' };
  if (final) throw new ExportError(`run ${run.id} was imported without its weights: there is no network to export`);
  const checkpoint = store.latestCheckpoint(run.id);
  if (checkpoint) return { weights: checkpoint.weights, weightsAre: `the checkpoint after epoch ${checkpoint.epoch}` };
  throw new ExportError(`run ${run.id} is ${run.status} and has no weights yet: export it once it has finished an epoch`);
}

export async function exportSourceOf(store: RunStore, runId: number, options: { loadDataset: LoadRunDataset; withData: boolean }): Promise<ExportSource> {
  const run = store.getRun(runId);
  const architecture = run.architecture;
  if (!architecture) throw new ExportError(`run ${runId} was imported from a metrics file that does not describe its network: there is nothing to export`);
  const { weights, weightsAre } = weightsOf(store, run);
  const classNames = run.dataset.classNames;
  const layers = layersWithWeights(architecture, weights, classNames.length);
  const hyperparameters = run.hyperparameters;
  const external = run.external?.normalization ?? null;
  if (external && !options.withData) {
    return { run, architecture, hyperparameters, weights, weightsAre, layers, classNames, normalization: external, data: null };
  }
  if (!hyperparameters) {
    throw new ExportError(`run ${runId} does not record how it loaded its data (no recipe), so its input normalisation is unknown`);
  }
  const data = await loadRunData(run, hyperparameters, options.loadDataset);
  return {
    run,
    architecture,
    hyperparameters,
    weights,
    weightsAre,
    layers,
    classNames,
    normalization: external ?? data.normalization,
    data: options.withData ? { dataset: data.dataset, split: data.split } : null,
  };
}
