// Runs every gradient check once (what `cnn-workbench gradcheck` prints) and
// reports each as its own test, then checks the suite is complete.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRESETS } from '../../common/arch/presets.js';
import { LAYER_TYPES } from '../../common/arch/layerRegistry.js';
import { checkTensor, MAX_RELATIVE_ERROR } from './finiteDifference.js';
import { runGradientChecks } from './index.js';
import { reducedArchitecture } from './networkChecks.js';

const report = runGradientChecks();

for (const check of report.checks) {
  test(`gradient check ${check.layer} ${check.param}`, () => {
    assert.ok(check.coordinates > 0, 'no coordinate could be checked');
    assert.ok(check.maxRelError < MAX_RELATIVE_ERROR, `max relative error ${check.maxRelError}`);
  });
}

test('the report is ok and covers every layer type, every preset reduced, the report’s presets real, and every input', () => {
  assert.equal(report.ok, true);
  const layers = report.checks.map((check) => check.layer);
  for (const type of LAYER_TYPES) assert.ok(layers.some((layer) => layer.includes(type)), `no check for ${type}`);
  // Two trained tensors each: weights and bias, or batch norm's scale and shift; patch whitening trains its bias only.
  const trainedTensors = (layers: { type: string }[]) =>
    2 * layers.filter((l) => ['conv2d', 'dense', 'batchNorm'].includes(l.type)).length + layers.filter((l) => l.type === 'patchWhitening').length;
  for (const preset of PRESETS) {
    const fullSize = ['mnist-baseline', 'cifar-baseline', 'cifar-best'].includes(preset.id);
    for (const label of fullSize ? [preset.id, `${preset.id} (reduced)`] : [`${preset.id} (reduced)`]) {
      const params = report.checks.filter((check) => check.layer.startsWith(`${label}/`));
      assert.ok(params.some((check) => check.param === 'input'), `${label}: input`);
      assert.equal(params.filter((check) => check.param !== 'input').length, trainedTensors(preset.architecture.layers), label);
    }
  }
});

test('patch whitening: its bias and its input gradient are checked, its fixed filters (which have no gradient) are not', () => {
  const params = (prefix: string) => report.checks.filter((check) => check.layer.startsWith(prefix)).map((check) => check.param);
  assert.deepEqual(params('patchWhitening 2×2'), ['bias', 'input']);
  assert.deepEqual(params('whitened-tiny/patchWhitening#0'), ['bias']);
  assert.ok(params('whitened-tiny/input').includes('input'), 'the network check reaches the input through the fixed filters');
});

test('a wrong gradient is caught', () => {
  const values = Float64Array.of(0.3, -1.2);
  const loss = () => values[0] ** 3 + Math.sin(values[1]);
  const exact = [3 * 0.3 ** 2, Math.cos(-1.2)];
  const probe = { layer: 'cubic', param: 'x', values, coordinates: [0, 1], evaluate: loss, samePattern: () => true };
  assert.ok(checkTensor({ ...probe, analytic: exact }).maxRelError < 1e-9);
  assert.ok(checkTensor({ ...probe, analytic: [exact[0] * 1.00001, exact[1]] }).maxRelError > MAX_RELATIVE_ERROR);
});

test('a coordinate whose every step crosses a kink is skipped, not failed', () => {
  const values = Float64Array.of(0);
  let x = 0;
  const check = checkTensor({
    layer: 'relu at 0',
    param: 'x',
    values,
    analytic: [0],
    coordinates: [0],
    evaluate: () => Math.max(0, (x = values[0])),
    samePattern: () => x <= 0,
  });
  assert.deepEqual([check.coordinates, check.skippedAtKinks], [0, 1]);
});

test('a preset whose head pools a fixed 4×4 window is checked at the smallest input its windows fit', () => {
  const side = (id: string) => reducedArchitecture(PRESETS.find((preset) => preset.id === id)!.architecture, 10).input.height;
  assert.equal(side('cifar-fast'), 16, 'three 2×2 poolings: 16×16 leaves the last batch norm 2×2 maps');
  assert.equal(side('cifar-wide'), 32, 'the 4×4 head needs 4×4 maps after three 2×2 poolings');
  const windowTooLarge = { ...PRESETS[0].architecture, input: { channels: 1, height: 8, width: 8 }, layers: [{ type: 'maxPool2d' as const, size: 16, stride: 16 }, { type: 'flatten' as const }, { type: 'dense' as const, units: 10 }, { type: 'softmaxCrossEntropy' as const }] };
  assert.throws(() => reducedArchitecture(windowTooLarge, 10), /cannot reduce mnist-baseline for gradient checks: .*window \(16\) is larger/);
});
