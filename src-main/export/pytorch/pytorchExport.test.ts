// The PyTorch export run by PyTorch itself (Debian's python3-torch at
// /usr/bin/python3, or CNN_WORKBENCH_PYTHON): it must load the weights and
// score the run's test accuracy, train an epoch along the engine's loss
// curve from the same weights and seed, do the same as two processes under
// torchrun (gloo, CPU), and its metrics must come back as an external run
// that compare pairs with the original.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { normalizeAugmentedBatch } from '../../../common/augmentation/augmentImage.js';
import { augmentationSeed } from '../../../common/augmentation/draw.js';
import { normalizationTable } from '../../../common/imageBatch.js';
import { SeededRandom } from '../../../common/random.js';
import type { AugmentationSettings, LearningRateSchedule, OptimizerKind } from '../../../common/runs.js';
import { learningRateAt } from '../../../common/training/schedules.js';
import type { Param } from '../../../workers/layers/layer.js';
import { createOptimizer } from '../../../workers/optim/createOptimizer.js';
import { Lookahead } from '../../../workers/training/lookahead.js';
import { compareRuns } from '../../api/compareRuns.js';
import { writeClassFolders } from '../../datasets/imageFolder/imageFixtures.js';
import { PYTHON, pytorchMissing } from '../../testing/systemPython.js';
import { loadImageDataset } from '../../datasets/imageFolder/imageDataset.js';
import { importImageFolder } from '../../datasets/imageFolder/importImages.js';
import { exportRunModel } from '../exportRunModel.js';
import { exportSourceOf, type ExportSource } from '../exportSource.js';
import { importRunFile } from '../runImport/importRunFile.js';
import { CLASSIC_NETWORK, CLASSIC_RECIPE, engineEpochLosses, loadTestDataset, MODERN_NETWORK, trainedRuns, WHITENED_NETWORK, type TrainedRuns } from '../testFixtures.js';

const run = promisify(execFile);
const TORCHRUN = join(dirname(PYTHON), 'torchrun');
const ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1' };

const missing = pytorchMissing();

interface Metrics {
  records: Record<string, unknown>[];
  steps: number[];
  test: { testAccuracy: number; testLoss: number };
}

function readMetrics(file: string): Metrics {
  const records = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    records,
    steps: records.filter((r) => r.type === 'step').map((r) => r.loss as number),
    test: records.find((r) => r.type === 'test') as unknown as Metrics['test'],
  };
}

async function trainPy(folder: string, args: string[]): Promise<void> {
  await run(PYTHON, [join(folder, 'train.py'), ...args], { cwd: folder, env: ENV, timeout: 180_000 });
}

/** torchrun, with the stdout of each process in a log: torch 1.13's own default (--redirects 0) breaks on Python 3.11. */
async function torchrun(folder: string, processes: number, args: string[], logs: string): Promise<void> {
  const launcher = existsSync(TORCHRUN) ? [TORCHRUN] : [PYTHON, '-m', 'torch.distributed.run'];
  const [command, ...prefix] = launcher;
  await run(command, [...prefix, '--nproc_per_node', String(processes), '--redirects', '1', '--tee', '2', '--log_dir', logs, join(folder, 'train.py'), '--device', 'cpu', ...args], {
    cwd: folder,
    env: ENV,
    timeout: 300_000,
  });
}

function compareCurves(t: TestContext, label: string, python: number[], engine: number[]): number {
  assert.equal(python.length, engine.length, `${label}: ${python.length} steps against the engine's ${engine.length}`);
  const differences = python.map((loss, k) => Math.abs(loss - engine[k]));
  const largest = Math.max(...differences);
  t.diagnostic(
    `${label}: ${python.length} steps, loss ${engine[0].toFixed(4)} → ${engine[engine.length - 1].toFixed(4)}, ` +
      `max |Δloss| ${largest.toExponential(2)}, mean ${(differences.reduce((a, b) => a + b, 0) / differences.length).toExponential(2)}`,
  );
  return largest;
}

const SCHEDULES: LearningRateSchedule[] = [
  { kind: 'constant' },
  { kind: 'step', stepEpochs: 2, gamma: 0.3 },
  { kind: 'cosine', minLr: 0.01 },
  { kind: 'warmupCosine', warmupEpochs: 1.5, minLr: 0.002 },
  { kind: 'oneCycle', rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 },
];
const OPTIMIZERS: { optimizer: OptimizerKind; nesterov: boolean }[] = [
  { optimizer: 'sgdMomentum', nesterov: false },
  { optimizer: 'sgdMomentum', nesterov: true },
  { optimizer: 'sgdPytorch', nesterov: false },
  { optimizer: 'sgdPytorch', nesterov: true },
  { optimizer: 'sgd', nesterov: false },
  { optimizer: 'adam', nesterov: false },
];
const GRADIENTS = [[0.3, -1.2, 0.05], [-0.7, 0.4, 2], [0.1, 0.1, -0.9]];

/** Weights [w0, w1] (decayed) and a bias [b] after three steps of the engine's optimizer, as float32. */
function engineSteps(optimizer: OptimizerKind, nesterov: boolean): number[] {
  const params: Param[] = [
    { name: 'weights', shape: [2], value: Float32Array.of(0.5, -0.25), grad: new Float32Array(2) },
    { name: 'bias', shape: [1], value: Float32Array.of(0.1), grad: new Float32Array(1) },
  ];
  const engine = createOptimizer({ optimizer, momentum: 0.9, weightDecay: 0.01, nesterov });
  for (const g of GRADIENTS) {
    params[0].grad.set(g.slice(0, 2));
    params[1].grad.set(g.slice(2));
    engine.step(params, 0.05);
  }
  return [...params[0].value, ...params[1].value];
}

describe('PyTorch export', { skip: missing ?? false }, () => {
  test('data.py reads an imported image dataset’s cache as the workbench loads it, limits included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cnn-workbench-images-'));
    try {
      await writeClassFolders(join(folder, 'pictures'), ['cat', 'dog', 'owl'], { perClass: 9, width: 7, height: 5 });
      const { info } = await importImageFolder(join(folder, 'pictures'), { cacheDir: folder, height: 5, width: 7, channels: 3, valSplit: 0.2, testSplit: 0.2 });
      const cacheFile = info.images!.cacheFile;
      for (const limits of [{}, { trainLimit: 10, testLimit: 4 }]) {
        const loaded = await loadImageDataset(cacheFile, limits);
        const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(dirname(new URL(import.meta.url).pathname), 'python'))})
from data import read_image_cache
train, test = read_image_cache(sys.argv[1], ${JSON.stringify(limits)}.get('trainLimit'), ${JSON.stringify(limits)}.get('testLimit'))
print(json.dumps([train.images.ravel().tolist(), train.labels.tolist(), test.images.ravel().tolist(), test.labels.tolist()]))
`;
        const { stdout } = await run(PYTHON, ['-c', script, cacheFile], { env: ENV });
        assert.deepEqual(JSON.parse(stdout), [loaded.train.images, loaded.train.labels, loaded.test.images, loaded.test.labels].map((a) => Array.from(a)));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('data.py augments a batch as the engine does: random and alternating flips, black and reflected crops, cutout', async () => {
    const shape = { channels: 3, height: 6, width: 5 };
    const size = shape.channels * shape.height * shape.width;
    const random = new SeededRandom(21);
    const images = Uint8Array.from({ length: 12 * size }, () => random.nextInt(256));
    const table = normalizationTable({ mean: [0.2, 0.5, 0.7], std: [0.3, 0.25, 0.2] });
    const order = [7, 2, 11, 0, 5, 9];
    const base = { cropPadding: 3, horizontalFlip: true, cutoutSize: 2 };
    const cases: { settings: AugmentationSettings; step: number; epoch: number }[] = [
      { settings: base, step: 5, epoch: 0 },
      { settings: { ...base, cropPaddingMode: 'reflect' }, step: 6, epoch: 0 },
      { settings: { ...base, alternatingFlip: true, cropPaddingMode: 'reflect' }, step: 7, epoch: 0 },
      { settings: { ...base, alternatingFlip: true, cutoutSize: 0 }, step: 40, epoch: 3 },
    ];
    const seed = augmentationSeed(4);
    const engine = cases.map(({ settings, step, epoch }) => {
      const out = new Float32Array(order.length * size);
      normalizeAugmentedBatch(images, shape, order, 0, order.length, table, settings, { seed, step, epoch, firstSample: 2 }, out);
      return Array.from(out);
    });
    const script = `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(join(dirname(new URL(import.meta.url).pathname), 'python'))})
from data import augmented
given = json.loads(sys.stdin.read())
images = np.array(given['images'], dtype=np.uint8).reshape(12, 3, 6, 5)
table = np.array(given['table'], dtype=np.float32).reshape(3, 256)
order = np.array(given['order'])
print(json.dumps([augmented(images[order], table, c['settings'], given['seed'], c['step'], 2, order, c['epoch']).ravel().tolist() for c in given['cases']]))
`;
    const child = execFile(PYTHON, ['-c', script], { env: ENV, maxBuffer: 1 << 26 });
    const output = new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (chunk) => (stdout += chunk));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`python exited with ${code}`))));
    });
    child.stdin?.end(JSON.stringify({ images: Array.from(images), table: Array.from(table), order, seed, cases }));
    const python = JSON.parse(await output) as number[][];
    cases.forEach((c, i) => assert.deepEqual(python[i], engine[i], JSON.stringify(c)));
  });

  test('optim.py: every optimizer and schedule as the engine computes them', async () => {
    const script = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(join(dirname(new URL(import.meta.url).pathname), 'python'))})
from optim import create_optimizer, learning_rate_at
cases = json.loads(sys.argv[1])
rates = [[learning_rate_at(0.1, s, e, k, 7, 4) for e in range(4) for k in range(7)] for s in cases['schedules']]
weights = []
for o in cases['optimizers']:
    w, b = torch.tensor([0.5, -0.25]), torch.tensor([0.1])
    opt = create_optimizer({'optimizer': o['optimizer'], 'momentum': 0.9, 'weightDecay': 0.01, 'nesterov': o['nesterov']}, [(w, 'weights'), (b, 'bias')])
    for g in cases['gradients']:
        w.grad, b.grad = torch.tensor(g[:2], dtype=torch.float32), torch.tensor(g[2:], dtype=torch.float32)
        opt.step(0.05)
    weights.append(w.tolist() + b.tolist())
print(json.dumps({'rates': rates, 'weights': weights}))
`;
    const { stdout } = await run(PYTHON, ['-c', script, JSON.stringify({ schedules: SCHEDULES, optimizers: OPTIMIZERS, gradients: GRADIENTS })], { env: ENV });
    const python = JSON.parse(stdout) as { rates: number[][]; weights: number[][] };
    SCHEDULES.forEach((schedule, s) => {
      const engine = Array.from({ length: 28 }, (_, i) => learningRateAt(0.1, schedule, { epoch: Math.floor(i / 7), step: i % 7, stepsPerEpoch: 7, totalEpochs: 4 }));
      python.rates[s].forEach((rate, i) => assert.ok(Math.abs(rate - engine[i]) <= 1e-15, `${schedule.kind} step ${i}: ${rate} against ${engine[i]}`));
    });
    OPTIMIZERS.forEach(({ optimizer, nesterov }, o) => {
      assert.deepEqual(python.weights[o], engineSteps(optimizer, nesterov), `${optimizer}${nesterov ? ' with Nesterov' : ''}`);
    });
  });

  test('optim.py: a frozen batch norm scale, a shift learning-rate factor and Lookahead as the engine computes them, bit for bit', async () => {
    const script = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(join(dirname(new URL(import.meta.url).pathname), 'python'))})
from optim import Lookahead, create_optimizer
cases = json.loads(sys.argv[1])
out = []
for o in cases['optimizers']:
    w, s, b = torch.tensor([0.5, -0.25]), torch.tensor([1.0, 1.0]), torch.tensor([0.0, 0.1])
    tensors = [w, s, b]
    opt = create_optimizer({'optimizer': o['optimizer'], 'momentum': 0.9, 'weightDecay': 0.01, 'nesterov': o['nesterov'],
                            'freezeBatchNormScale': True, 'shiftLearningRateFactor': 64}, [(w, 'weights'), (s, 'scale'), (b, 'shift')])
    lookahead = Lookahead(tensors, 7)
    for t, g in enumerate(cases['gradients']):
        for x in tensors:
            x.grad = torch.tensor(g[:2], dtype=torch.float32)
        opt.step(0.05)
        lookahead.after_step(t + 1, tensors)
    out.append(w.tolist() + s.tolist() + b.tolist())
print(json.dumps(out))
`;
    const gradients = [...GRADIENTS, [0.2, -0.3], [0.5, 0.5], [-1, 0.25], [0.7, -0.1]];
    const { stdout } = await run(PYTHON, ['-c', script, JSON.stringify({ optimizers: OPTIMIZERS, gradients })], { env: ENV });
    const python = JSON.parse(stdout) as number[][];
    OPTIMIZERS.forEach(({ optimizer, nesterov }, o) => {
      const params: Param[] = [
        { name: 'weights', shape: [2], value: Float32Array.of(0.5, -0.25), grad: new Float32Array(2) },
        { name: 'scale', shape: [2], value: Float32Array.of(1, 1), grad: new Float32Array(2) },
        { name: 'shift', shape: [2], value: Float32Array.of(0, 0.1), grad: new Float32Array(2) },
      ];
      const flat = new Float32Array(6);
      const engine = createOptimizer({ optimizer, momentum: 0.9, weightDecay: 0.01, nesterov, freezeBatchNormScale: true, shiftLearningRateFactor: 64 });
      // Lookahead works on the flat weights, as the network's paramValues.
      const views = params.map((param, k) => ({ ...param, value: flat.subarray(2 * k, 2 * k + 2) }));
      views.forEach((view, k) => view.value.set(params[k].value));
      const lookahead = new Lookahead(flat, 7);
      gradients.forEach((g, t) => {
        for (const view of views) view.grad.set(g.slice(0, 2));
        engine.step(views, 0.05);
        lookahead.afterStep(t + 1, flat);
      });
      assert.deepEqual(python[o], Array.from(flat), `${optimizer}${nesterov ? ' with Nesterov' : ''}`);
      assert.deepEqual(Array.from(flat.subarray(2, 4)), [1, 1], 'the scale stays');
    });
  });

  let runs: TrainedRuns;
  const exported: { source: ExportSource; folder: string }[] = [];

  before(async () => {
    runs = await trainedRuns([
      {
        // The report's optimizer with every training recipe that changes the training images or targets.
        architecture: MODERN_NETWORK,
        recipe: {
          optimizer: 'sgdMomentum',
          learningRate: 0.05,
          nesterov: true,
          weightDecay: 0.0005,
          schedule: { kind: 'warmupCosine', warmupEpochs: 0.5, minLr: 0.005 },
          augmentation: { cropPadding: 2, horizontalFlip: true, cutoutSize: 6, cropPaddingMode: 'reflect' },
          labelSmoothing: 0.1,
          emaDecay: 0.9,
          testTimeFlip: true,
          testTimeShift: 1,
          identityInit: true,
          freezeBatchNormScale: true,
          shiftLearningRateFactor: 4,
          lookahead: true,
        },
      },
      { architecture: CLASSIC_NETWORK, recipe: CLASSIC_RECIPE },
      // Fixed patch-whitening filters: requires_grad False, never in the optimizer (pytorchWhitening.test.ts checks the files).
      { architecture: WHITENED_NETWORK },
    ]);
    for (const runId of runs.runIds) {
      const folder = join(runs.dir, `pytorch-${runId}`);
      await exportRunModel(runs.store, runId, 'pytorch', folder, { loadDataset: loadTestDataset, version: 'test' });
      exported.push({ source: await exportSourceOf(runs.store, runId, { loadDataset: loadTestDataset, withData: true }), folder });
    }
  });
  after(() => runs?.close());

  test('initial-weights.bin holds the identity filters of a run with identity initialisation', () => {
    const [{ source, folder }] = exported;
    const initial = new Float32Array(new Uint8Array(readFileSync(join(folder, 'initial-weights.bin'))).buffer);
    // modern-tiny's first convolution, 1 → 8 filters of 3×3: filter 0 is the identity, filter 1 keeps its drawn values.
    assert.deepEqual(Array.from(initial.subarray(0, 9)), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
    assert.ok(initial.subarray(9, 18).some((value) => value !== 0 && value !== 1));
    assert.equal(initial.length, source.weights.length);
  });

  test('loads the weights and scores the run’s test accuracy within 0.2 points on 1,000 images', async (t) => {
    for (const { source, folder } of exported) {
      const out = join(folder, 'evaluate');
      await trainPy(folder, ['--evaluate', '--out', out]);
      const { test: result } = readMetrics(join(out, 'metrics.jsonl'));
      const engine = source.run.testAccuracy ?? NaN;
      t.diagnostic(`${source.architecture.name}: PyTorch ${(100 * result.testAccuracy).toFixed(2)}%, engine ${(100 * engine).toFixed(2)}% on ${source.run.dataset.testCount} test images`);
      assert.equal(source.run.dataset.testCount, 1000);
      assert.ok(Math.abs(result.testAccuracy - engine) <= 0.002, `${result.testAccuracy} against ${engine}`);
    }
  });

  test('trains one epoch whose loss follows the engine’s from the same weights and seed', async (t) => {
    for (const { source, folder } of exported) {
      const out = join(folder, 'epoch');
      await trainPy(folder, ['--epochs', '1', '--log-steps', '--out', out]);
      const largest = compareCurves(t, source.architecture.name, readMetrics(join(out, 'metrics.jsonl')).steps, await engineEpochLosses(source));
      assert.ok(largest < 1e-4, `the loss curves part by ${largest}`);
    }
  });

  test('trains the same under torchrun with 2 processes (gloo, CPU), and its metrics come back as an external run', async (t) => {
    const [{ source, folder }] = exported;
    const out = join(folder, 'distributed');
    await torchrun(folder, 2, ['--epochs', '1', '--log-steps', '--out', out], join(folder, 'torchrun-logs'));
    const metrics = readMetrics(join(out, 'metrics.jsonl'));
    assert.match(String(metrics.records[0].engine), /2 processes \(gloo, cpu\)/);
    const largest = compareCurves(t, `${source.architecture.name}, 2 processes`, metrics.steps, await engineEpochLosses(source));
    assert.ok(largest < 1e-4, `the loss curves part by ${largest}`);

    const { run: imported, notes } = await importRunFile(runs.store, join(out, 'metrics.jsonl'), { loadDataset: loadTestDataset });
    assert.deepEqual(notes, []);
    assert.equal(imported.external?.kind, 'pytorch');
    assert.equal(imported.external?.exportedFromRunId, source.run.id);
    const detail = runs.store.getRun(imported.id);
    assert.deepEqual(detail.architecture, source.architecture);
    assert.equal(detail.epochs.length, 1);
    assert.equal(detail.results?.misclassifiedCount, Math.round((1 - metrics.test.testAccuracy) * 1000));
    assert.equal(runs.store.getFinalWeights(imported.id)?.length, source.weights.length);
    const comparison = compareRuns(runs.store, [source.run.id, imported.id]);
    assert.equal(comparison.pairs[0].sampleComparisonError, null);
    assert.equal(comparison.runs[1].external?.engine, metrics.records[0].engine);
  });
});
