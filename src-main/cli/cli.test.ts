// The command line as a person uses it: real processes, a temporary database,
// a small slice of MNIST.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presetArchitecture } from '../../common/arch/presets.js';

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-cli-'));
const db = join(dir, 'runs.sqlite');
test.after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CNN_WORKBENCH_DB: db } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SMALL = ['--train-limit', '320', '--test-limit', '160', '--epochs', '2', '--batch-size', '32', '--val-split', '0.25'];

test('train --json stores the run and ends with one JSON object of the results', () => {
  const run = cli('train', '--preset', 'mnist-baseline', ...SMALL, '--json');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1]);
  assert.equal(result.runId, 1);
  assert.ok(result.testAccuracy > 0.2, `well above chance after 2 small epochs: ${result.testAccuracy}`);
  assert.ok(result.epochs[1].trainLoss < result.epochs[0].trainLoss, 'the loss falls');
  assert.equal(result.perClass.length, 10);
  assert.deepEqual(Object.keys(result.perClass[0]).slice(0, 3), ['label', 'precision', 'recall']);
  assert.equal(result.confusion.counts.flat().reduce((a: number, b: number) => a + b, 0), 160);
  assert.equal(result.epochs.length, 2);
  assert.ok(['trainLoss', 'trainAccuracy', 'valAccuracy'].every((k) => typeof result.epochs[1][k] === 'number'));
  assert.ok(result.imagesPerSecond > 0);
  // Human output went to stderr: the parameter table with the report's formulas, the progress.
  assert.match(run.stderr, /5×5×1×16 \+ 16 = 416/);
  assert.match(run.stderr, /epoch 2 done/);
});

test('the tables are printed for a person without --json', () => {
  const run = cli('train', '--preset', 'mnist-baseline', ...SMALL, '--epochs', '1', '--name', 'readable');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /784×10 \+ 10 = 7850/);
  assert.match(run.stdout, /class\s+precision\s+recall/);
  assert.match(run.stdout, /true \\ predicted/);
});

test('runs list, show, export and delete work on the stored runs', () => {
  const list = JSON.parse(cli('runs', 'list', '--json').stdout);
  assert.deepEqual(
    list.map((r: { id: number; status: string }) => [r.id, r.status]),
    [
      [2, 'completed'],
      [1, 'completed'],
    ],
  );
  assert.match(cli('runs', 'show', '2').stdout, /readable/);
  const csv = cli('runs', 'export', '1', '--format', 'csv');
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout.split('\n')[0], /epoch/);
  const json = JSON.parse(cli('runs', 'export', '1', '--format', 'json').stdout);
  assert.equal(json.run.id, 1);
  assert.equal(cli('runs', 'delete', '2').code, 0);
  assert.equal(JSON.parse(cli('runs', 'list', '--json').stdout).length, 1);
  const missing = cli('runs', 'show', '2');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Run 2 does not exist/);
});

test('bad options exit with code 2 and name the option', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--epochs', 'three'], /--epochs must be an integer/],
    [['train', '--lr=-1'], /--lr must be a number/],
    [['train', '--lr', '-1'], /Option '--lr' argument is ambiguous/],
    [['train', '--schedule', 'linear'], /--schedule must be one of constant, step, cosine/],
    [['train', '--preset', 'resnet'], /--preset must be one of mnist-baseline/],
    [['train', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['runs', 'export', '1'], /--format csv\|json is required/],
    [['runs', 'show', 'abc'], /run id must be a positive integer/],
    [['runs'], /expected one of list, show, export, import, delete/],
    [['runs', 'import'], /runs import: give one file/],
    [['export', '1', '--out', 'x'], /export: --format onnx\|pytorch is required/],
    [['export', '1', '--format', 'tflite', '--out', 'x'], /--format must be one of onnx, pytorch, got "tflite"/],
    [['import-onnx'], /import-onnx: give one \.onnx file/],
    [['import-onnx', 'a.onnx', '--test-limit', '5'], /--test-limit and --name go with --dataset/],
    [['launch'], /unknown command "launch"/],
  ];
  for (const [args, message] of cases) {
    const result = cli(...args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }
});

test('an invalid architecture file is refused naming the file and the layer', () => {
  const file = join(dir, 'broken.json');
  const spec = presetArchitecture('mnist-baseline') as unknown as { layers: Record<string, unknown>[] };
  spec.layers[3].kernelSize = 'five';
  writeFileSync(file, JSON.stringify(spec));
  const result = cli('train', '--arch', file);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /broken\.json.*layers\[3\]\.kernelSize/);

  writeFileSync(file, '{ not json');
  assert.match(cli('train', '--arch', file).stderr, /broken\.json.*not valid JSON/);

  const shapes = presetArchitecture('mnist-baseline');
  assert.ok(shapes);
  shapes.layers[0] = { type: 'conv2d', filters: 16, kernelSize: 4, stride: 5 };
  writeFileSync(file, JSON.stringify(shapes));
  const shapeError = cli('train', '--arch', file, '--train-limit', '64', '--test-limit', '64');
  assert.equal(shapeError.code, 2);
  assert.match(shapeError.stderr, /broken\.json: layer 1 \(conv2d\): output height .* is not an integer/);
});

test('gradcheck --json reports every check within tolerance', () => {
  const result = cli('gradcheck', '--json');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.ok, true);
  assert.ok(report.checks.length > 20);
  assert.ok(report.checks.every((c: { layer: string; param: string; maxRelError: number }) => c.layer && c.param && c.maxRelError < 1e-6));
});

test('Ctrl+C stops a run after the current batch; train --continue finishes it from its checkpoint', async () => {
  const child = spawn(process.execPath, [CLI, 'train', '--train-limit', '12000', '--test-limit', '200', '--epochs', '3', '--name', 'to-continue'], {
    env: { ...process.env, CNN_WORKBENCH_DB: db },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('epoch 1 done') && !child.killed) child.kill('SIGINT');
  });
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /stopping after this batch/);
  const stopped = JSON.parse(cli('runs', 'list', '--json', '--search', 'to-continue').stdout)[0];
  assert.equal(stopped.status, 'stopped');
  assert.ok(stopped.epochsCompleted >= 1 && stopped.epochsCompleted < 3);

  assert.match(cli('train', '--continue', String(stopped.id), '--epochs', '5').stderr, /--epochs cannot be changed/);
  const continued = cli('train', '--continue', String(stopped.id), '--json');
  assert.equal(continued.code, 0, continued.stderr);
  const result = JSON.parse(continued.stdout.trim().split('\n').pop() ?? '');
  assert.equal(result.runId, stopped.id);
  assert.deepEqual(result.epochs.map((e: { epoch: number }) => e.epoch), [1, 2, 3]);
});

test('the training recipes: flags reach the stored run, bad combinations exit with code 2 naming the setting', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--flip', '--no-flip'], /give --flip or --no-flip, not both/],
    [['train', '--crop-padding-mode', 'edge'], /--crop-padding-mode must be one of black, reflect, got "edge"/],
    [['train', '--optimizer', 'adam', '--nesterov'], /Nesterov momentum needs a momentum optimizer/],
    [['train', '--cutout', '28'], /cutout size 28 must be smaller than the 28×28 images/],
    [['train', '--schedule', 'warmupCosine', '--warmup-epochs', '3', '--epochs', '3'], /warm-up must be a number of epochs from 0 to below the 3 epochs/],
    [['train', '--label-smoothing', '1'], /--label-smoothing must be a number from 0 to 0\.999999/],
    [['train', '--optimizer', 'adamw', '--nesterov'], /Nesterov momentum needs a momentum optimizer \(sgdMomentum or sgdPytorch\), not adam/],
    [['train', '--shift-lr-factor=-1'], /--shift-lr-factor must be a number from 0 to 10000, got "-1"/],
    [['train', '--shift-lr-factor', 'fast'], /--shift-lr-factor must be a number from 0 to 10000, got "fast"/],
    [['train', '--lookahead', '--no-lookahead'], /give --lookahead or --no-lookahead, not both/],
    [['train', '--identity-init', '--no-identity-init'], /give --identity-init or --no-identity-init, not both/],
  ];
  for (const [args, message] of cases) {
    const result = cli(...args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }

  const recipes = ['--optimizer', 'sgdPytorch', '--lr', '0.01', '--nesterov', '--schedule', 'oneCycle', '--ramp-fraction', '0.25'];
  const augmentation = ['--crop-padding', '2', '--crop-padding-mode', 'reflect', '--flip', '--alternating-flip', '--cutout', '8', '--label-smoothing', '0.1', '--ema', '0.9', '--test-time-flip', '--test-time-shift', '1'];
  const airbench = ['--identity-init', '--freeze-bn-scale', '--shift-lr-factor', '64', '--lookahead'];
  const run = cli('train', ...SMALL, '--epochs', '1', '--name', 'recipes', ...recipes, ...augmentation, ...airbench, '--json');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /warning: horizontal-flip augmentation and test-time flip on digits/);
  const { runId } = JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
  const stored = JSON.parse(cli('runs', 'show', String(runId), '--json').stdout).hyperparameters;
  assert.deepEqual(
    [stored.optimizer, stored.nesterov, stored.schedule, stored.augmentation, stored.labelSmoothing, stored.emaDecay, stored.testTimeFlip, stored.testTimeShift],
    ['sgdPytorch', true, { kind: 'oneCycle', rampFraction: 0.25, startDivisor: 25, endDivisor: 1e4 }, { cropPadding: 2, horizontalFlip: true, cutoutSize: 8, alternatingFlip: true, cropPaddingMode: 'reflect' }, 0.1, 0.9, true, 1],
  );
  assert.deepEqual(
    [stored.identityInit, stored.freezeBatchNormScale, stored.shiftLearningRateFactor, stored.lookahead],
    [true, true, 64, true],
  );
});
