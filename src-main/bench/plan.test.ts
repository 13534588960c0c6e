import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../cli/options.js';
import { planFromArgs } from './plan.js';

test('by default the report’s nets and cifar-fast, both modes, every engine and cnn-workbench at 1 and 2 workers', () => {
  const plan = planFromArgs([]);
  assert.deepEqual(plan.nets, ['mnist-baseline', 'cifar-baseline', 'cifar-fast']);
  assert.deepEqual(plan.modes, ['train', 'eval']);
  assert.deepEqual(
    plan.contenders.map((c) => c.label),
    ['cnn-workbench ×1', 'cnn-workbench ×2', 'tfjs-cpu', 'tfjs-wasm', 'pytorch', 'pytorch-tuned'],
  );
  assert.deepEqual(plan.contenders.map((c) => c.workers), [1, 2, null, null, null, null]);
  assert.equal(plan.rounds, 3);
  assert.equal(plan.steps, null);
  assert.equal(plan.json, false);
  assert.equal(plan.rss, false);
});

test('lists keep the order given and drop repeats; worker counts are sorted', () => {
  const plan = planFromArgs(['--nets', 'cifar-baseline', '--engines', 'tfjs-wasm, cnn-workbench,tfjs-wasm', '--workers', '2,1,2', '--modes', 'eval', '--steps', '5', '--rounds', '1', '--json', '--rss']);
  assert.deepEqual(plan.nets, ['cifar-baseline']);
  assert.deepEqual(plan.modes, ['eval']);
  assert.deepEqual(plan.contenders.map((c) => c.label), ['tfjs-wasm', 'cnn-workbench ×1', 'cnn-workbench ×2']);
  assert.deepEqual(plan.workers, [1, 2]);
  assert.equal(plan.steps, 5);
  assert.equal(plan.rounds, 1);
  assert.equal(plan.json, true);
  assert.equal(plan.rss, true);
});

test('bad options are usage errors that name the option and the choices', () => {
  const usage = (argv: string[], pattern: RegExp) =>
    assert.throws(() => planFromArgs(argv), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
  usage(['--engines', 'tfjs-gpu'], /--engines: "tfjs-gpu" is not one of cnn-workbench, tfjs-cpu/);
  usage(['--nets', 'resnet'], /--nets: "resnet" is not one of mnist-baseline/);
  usage(['--modes', ','], /--modes needs at least one/);
  usage(['--workers', '0'], /--workers takes worker counts from 1 to 64/);
  usage(['--rounds', '0'], /--rounds must be an integer from 1 to 20/);
  usage(['--steps', 'many'], /--steps must be an integer/);
  usage(['--fast'], /bench: Unknown option '--fast'/);
  usage(['extra'], /unexpected argument "extra"/);
});
