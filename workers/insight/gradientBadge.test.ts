import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../common/arch/presets.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { smallArchitecture } from './insightFixture.js';
import { checkArchitectureGradients, reduceForCheck } from './gradientBadge.js';

test('every layer of a reduced architecture passes, with its relative error, and the whole network too', () => {
  const report = checkArchitectureGradients({ architecture: smallArchitecture });
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.layers.map((layer) => layer.name),
    smallArchitecture.layers.map((layer, i) => `${layer.type}#${i}`),
  );
  for (const layer of report.layers) {
    assert.ok(layer.pass && layer.coordinates > 0 && layer.maxRelError < report.tolerance, `${layer.name}: ${layer.maxRelError}`);
  }
  assert.ok(report.network.pass && report.network.coordinates > 0);
});

test('reduction: at most 3 filters, 4 hidden units, the smallest input the pooling allows', () => {
  const cifar = PRESETS.find((preset) => preset.id === 'cifar-fast');
  assert.ok(cifar);
  const reduced = reduceForCheck(cifar.architecture, 10);
  for (const layer of reduced.layers) {
    if (layer.type === 'conv2d') assert.ok(layer.filters <= 3);
  }
  assert.ok(reduced.input.height <= cifar.architecture.input.height);
  assert.equal(reduced.input.channels, cifar.architecture.input.channels);
});

test('an architecture that cannot be built is refused with the layer at fault', () => {
  const broken: ArchitectureSpec = { ...smallArchitecture, layers: [{ type: 'conv2d', filters: 2, kernelSize: 9 }, { type: 'softmaxCrossEntropy' }] };
  assert.throws(() => checkArchitectureGradients({ architecture: broken }), /cannot be checked: layer 1 \(conv2d\)/);
});

test('behind patch whitening: its bias and input pass, and its fixed filters are no part of the verdict', () => {
  // One pixel wider and taller, so the 2×2 patches give the rest of the network its usual size.
  const { input } = smallArchitecture;
  const whitened: ArchitectureSpec = { ...smallArchitecture, input: { ...input, height: input.height + 1, width: input.width + 1 }, layers: [{ type: 'patchWhitening' }, ...smallArchitecture.layers] };
  const report = checkArchitectureGradients({ architecture: whitened });
  assert.equal(report.ok, true);
  assert.equal(report.layers[0].name, 'patchWhitening#0');
  assert.ok(report.layers[0].pass && report.layers[0].coordinates > 0);
});
