import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArchitecture } from './analyze.js';
import { PRESETS, presetArchitecture } from './presets.js';
import type { ArchitectureSpec } from './spec.js';

function preset(id: string): ArchitectureSpec {
  const spec = presetArchitecture(id);
  assert.ok(spec, id);
  return spec;
}

function paramCounts(spec: ArchitectureSpec): number[] {
  return analyzeArchitecture(spec).layers.filter((l) => l.params > 0).map((l) => l.params);
}

test('preset parameter counts match the report tables exactly', () => {
  assert.deepEqual(paramCounts(preset('mnist-baseline')), [416, 6416, 7850]);
  assert.deepEqual(paramCounts(preset('cifar-baseline')), [1216, 10426, 7520, 40980, 210]);
  assert.deepEqual(paramCounts(preset('cifar-best')), [1216, 10426, 7520, 20490]);
  assert.equal(analyzeArchitecture(preset('mnist-baseline')).totalParams, 416 + 6416 + 7850);
});

test('the modern presets: batch norm counts 2C trained parameters and 2C stored statistics', () => {
  const cifar = analyzeArchitecture(preset('cifar-fast'), { numClasses: 10 });
  assert.equal(cifar.valid, true);
  const norms = cifar.layers.filter((l) => preset('cifar-fast').layers[l.index].type === 'batchNorm');
  assert.deepEqual(norms.map((l) => [l.params, l.statistics]), [[64, 64], [64, 64], [128, 128], [128, 128], [256, 256], [256, 256]]);
  assert.equal(norms[2].formula, '2×64 = 128 (+ 128 running statistics, not trained)');
  // 3·32·9 + 32 + 32·32·9 + 32 + … + 128·10 + 10, and the batch norms' scales and shifts.
  assert.equal(cifar.totalParams, 289_194);
  assert.equal(cifar.totalValues, 289_194 + 896);
  assert.equal(analyzeArchitecture(preset('mnist-best'), { numClasses: 10 }).valid, true);
});

test('parameter formulas are written as in the report', () => {
  const layers = analyzeArchitecture(preset('mnist-baseline')).layers.filter((l) => l.params > 0);
  assert.deepEqual(
    layers.map((l) => l.formula),
    ['5×5×1×16 + 16 = 416', '5×5×16×16 + 16 = 6416', '784×10 + 10 = 7850'],
  );
  const cifar = analyzeArchitecture(preset('cifar-baseline')).layers.filter((l) => l.params > 0);
  assert.equal(cifar[3].formula, '2048×20 + 20 = 40980');
});

test('shape arithmetic is shown per layer', () => {
  const first = analyzeArchitecture(preset('mnist-baseline')).layers[0];
  assert.deepEqual(first.arithmetic, ['(28 − 5 + 2·2)/1 + 1 = 28']);
  assert.deepEqual(first.outShape, { kind: 'map', channels: 16, height: 28, width: 28 });
  const pool = analyzeArchitecture(preset('mnist-baseline')).layers[2];
  assert.deepEqual(pool.arithmetic, ['(28 − 2)/2 + 1 = 14']);
});

test('forward FLOPs per image match the hand count (2 per multiply-add)', () => {
  const conv = analyzeArchitecture(preset('mnist-baseline')).layers;
  assert.equal(conv[0].flops, 2 * 25 * 1 * 16 * 28 * 28);
  assert.equal(conv[3].flops, 2 * 25 * 16 * 16 * 14 * 14);
  const macFlops = conv.filter((l) => l.type === 'conv2d' || l.type === 'dense').reduce((s, l) => s + l.flops, 0);
  assert.ok(Math.abs((3 * macFlops) / 1e6 - 9.5) < 0.1, `training ≈ 9.5 MFLOP/image, got ${(3 * macFlops) / 1e6}`);
});

test('errors name the layer and the reason', () => {
  const tooBig = preset('mnist-baseline');
  tooBig.layers[0] = { type: 'conv2d', filters: 16, kernelSize: 15, stride: 1, padding: 0 };
  tooBig.layers[3] = { type: 'conv2d', filters: 16, kernelSize: 15, stride: 1, padding: 0 };
  const negative = analyzeArchitecture(tooBig);
  assert.equal(negative.valid, false);
  assert.equal(negative.errors[0].layerIndex, 3);
  assert.match(negative.errors[0].message, /≤ 0/);

  const fractional = preset('mnist-baseline');
  fractional.layers[0] = { type: 'conv2d', filters: 16, kernelSize: 4, stride: 5, padding: 0 };
  const frac = analyzeArchitecture(fractional);
  assert.equal(frac.errors[0].layerIndex, 0);
  assert.equal(frac.errors[0].field, 'stride');
  assert.match(frac.errors[0].message, /not an integer/);

  const unknown = preset('mnist-baseline') as unknown as { layers: unknown[] };
  unknown.layers[1] = { type: 'sigmoid' };
  const unk = analyzeArchitecture(unknown);
  assert.equal(unk.errors[0].layerIndex, 1);
  assert.match(unk.errors[0].message, /layer type "sigmoid" is not one this app knows; use one of conv2d, /);

  const badType = preset('mnist-baseline') as unknown as { layers: Record<string, unknown>[] };
  badType.layers[0].filters = '16';
  const bad = analyzeArchitecture(badType);
  assert.equal(bad.errors[0].layerIndex, 0);
  assert.equal(bad.errors[0].field, 'filters');

  const noInput = preset('mnist-baseline') as unknown as Record<string, unknown>;
  delete noInput.input;
  assert.match(analyzeArchitecture(noInput).errors[0].message, /missing input/);

  const convAfterDense = preset('mnist-baseline');
  convAfterDense.layers.splice(7, 0, { type: 'conv2d', filters: 4, kernelSize: 1 });
  assert.match(analyzeArchitecture(convAfterDense).errors[0].message, /needs a feature map/);

  const huge = preset('mnist-baseline');
  huge.layers.splice(7, 1, { type: 'dense', units: 16384 }, { type: 'dense', units: 16384 }, { type: 'dense', units: 10 });
  const memory = analyzeArchitecture(huge);
  assert.match(memory.errors[0].message, /too many parameters/);
  assert.equal(memory.errors[0].layerIndex, 8);

  const noLoss = preset('mnist-baseline');
  noLoss.layers.pop();
  assert.match(analyzeArchitecture(noLoss).errors[0].message, /must end with the softmaxCrossEntropy/);

  assert.match(analyzeArchitecture(preset('mnist-baseline'), { numClasses: 100 }).errors[0].message, /100 classes/);
});

test('every preset is valid for its dataset class count', () => {
  for (const p of PRESETS) assert.equal(analyzeArchitecture(p.architecture, { numClasses: 10 }).valid, true, p.id);
});
