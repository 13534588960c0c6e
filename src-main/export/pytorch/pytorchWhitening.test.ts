// The PyTorch export of a run that starts with patch whitening, read as
// files (PyTorch itself runs in pytorchExport.test.ts where it is installed):
// the filters are frozen in model.py, marked fixed in the weight index, and
// the initial weights hold the filters the run computed from its images.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createReferenceBackend } from '../../../workers/kernels/reference/index.js';
import { buildNetwork } from '../../../workers/network.js';
import { exportRunModel } from '../exportRunModel.js';
import { loadTestDataset, trainedRuns, WHITENED_NETWORK, type TrainedRuns } from '../testFixtures.js';

/** 8 filters of 2×2 patches of MNIST's one channel. */
const FILTER_VALUES = 8 * 4;
let runs: TrainedRuns;
let folder: string;

before(async () => {
  runs = await trainedRuns([{ architecture: WHITENED_NETWORK }]);
  folder = join(runs.dir, 'pytorch');
  await exportRunModel(runs.store, runs.runIds[0], 'pytorch', folder, { loadDataset: loadTestDataset, version: 'test' });
});
after(() => runs?.close());

const floats = (name: string) => {
  const bytes = readFileSync(join(folder, name));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
};

test('model.py builds the layer as PatchWhitening and freezes every fixed tensor; weights.json marks the filters fixed', () => {
  const model = readFileSync(join(folder, 'model.py'), 'utf8');
  assert.match(model, /PatchWhitening\(1, kernel_size=2\),  # 1: patch whitening 2×2 → 8×27×27/);
  assert.match(model, /\("layers\.0\.weight", 0, "weights", "fixed"\),/);
  assert.match(model, /\("layers\.0\.bias", 0, "bias", "trained"\),/);
  assert.match(model, /if role == 'fixed':\n\s+state\[key\]\.requires_grad_\(False\)/);
  const index = JSON.parse(readFileSync(join(folder, 'weights.json'), 'utf8')) as { tensors: { name: string; role: string }[] };
  assert.deepEqual(index.tensors.slice(0, 2).map((t) => [t.name, t.role]), [['layers.0.weight', 'fixed'], ['layers.0.bias', 'trained']]);
  assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), /patch-whitening filters .* are never trained/s);
  // Python reads both files (torch itself is not needed to parse them).
  execFileSync('/usr/bin/python3', ['-m', 'py_compile', join(folder, 'model.py'), join(folder, 'layers.py')], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
});

test('initial-weights.bin holds the filters the run computed from its training images, not the seeded draw', () => {
  const initial = floats('initial-weights.bin');
  const trained = floats('weights.bin');
  // The run never changed them, so its final filters are the ones it started with.
  assert.deepEqual(initial.slice(0, FILTER_VALUES), trained.slice(0, FILTER_VALUES));
  const seeded = buildNetwork(WHITENED_NETWORK, { backend: createReferenceBackend('float32'), maxBatch: 1, seed: 11, numClasses: 10 }).getWeights();
  assert.notDeepEqual(initial.slice(0, FILTER_VALUES), seeded.slice(0, FILTER_VALUES));
  // Everything after them is the seeded initialisation.
  assert.deepEqual(initial.slice(FILTER_VALUES), seeded.slice(FILTER_VALUES));
});
