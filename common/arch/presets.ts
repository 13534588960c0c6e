// The report's networks and their default training recipes. Parameter counts
// are pinned by tests to the report's tables.

import type { PresetInfo } from '../api/contract.js';
import type { Hyperparameters } from '../runs.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec, type LayerSpec } from './spec.js';

function architecture(name: string, description: string, input: ArchitectureSpec['input'], layers: LayerSpec[]): ArchitectureSpec {
  return { format: ARCHITECTURE_FORMAT, version: ARCHITECTURE_VERSION, name, description, input, layers };
}

const conv = (filters: number, kernelSize: number, padding: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, stride: 1, padding });
const pool: LayerSpec = { type: 'maxPool2d', size: 2, stride: 2 };
const relu: LayerSpec = { type: 'relu' };
const flatten: LayerSpec = { type: 'flatten' };
const dense = (units: number): LayerSpec => ({ type: 'dense', units });
const loss: LayerSpec = { type: 'softmaxCrossEntropy' };

const BASE_RECIPE: Hyperparameters = {
  epochs: 3,
  batchSize: 64,
  learningRate: 0.05,
  optimizer: 'sgdMomentum',
  momentum: 0.9,
  weightDecay: 0.0005,
  schedule: { kind: 'cosine', minLr: 0.001 },
  seed: 1,
  valSplit: 0.1,
  trainLimit: null,
  testLimit: null,
  workers: 2,
};

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'mnist-baseline',
    description: 'The report’s MNIST network: two 5×5 convolutions with 16 filters, each followed by ReLU and 2×2 max-pooling, then a dense layer to 10 classes.',
    datasetId: 'mnist',
    architecture: architecture('mnist-baseline', 'Report baseline for MNIST', { channels: 1, height: 28, width: 28 }, [
      conv(16, 5, 2), relu, pool,
      conv(16, 5, 2), relu, pool,
      flatten, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE },
  },
  {
    id: 'cifar-baseline',
    description: 'The report’s CIFAR-10 network: three convolutions (16, 26, 32 filters) with ReLU and pooling, a 20-unit hidden dense layer, then 10 classes.',
    datasetId: 'cifar10',
    architecture: architecture('cifar-baseline', 'Report baseline for CIFAR-10', { channels: 3, height: 32, width: 32 }, [
      conv(16, 5, 2), relu, pool,
      conv(26, 5, 2), relu, pool,
      conv(32, 3, 1), relu,
      flatten, dense(20), relu, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE, epochs: 10 },
  },
  {
    id: 'cifar-best',
    description: 'The report’s best CIFAR-10 variant: the baseline without the 20-unit hidden layer, so the convolutional features reach the classifier directly.',
    datasetId: 'cifar10',
    architecture: architecture('cifar-best', 'Report best CIFAR-10 variant', { channels: 3, height: 32, width: 32 }, [
      conv(16, 5, 2), relu, pool,
      conv(26, 5, 2), relu, pool,
      conv(32, 3, 1), relu,
      flatten, dense(10), loss,
    ]),
    recipe: { ...BASE_RECIPE, epochs: 10 },
  },
];

export type PresetId = 'mnist-baseline' | 'cifar-baseline' | 'cifar-best';

export function findPreset(id: string): PresetInfo | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** A deep copy, so callers can edit it freely. */
export function presetArchitecture(id: string): ArchitectureSpec | undefined {
  const preset = findPreset(id);
  return preset ? structuredClone(preset.architecture) : undefined;
}
