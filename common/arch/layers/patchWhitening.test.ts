import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchitecture } from '../analyze.js';
import { findValidationIssues } from '../validate.js';
import { firstLayerFilterBank } from '../firstLayerFilters.js';
import { describeLayer } from '../../viz/layerLabel.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec, type LayerSpec } from '../spec.js';

function cifar(layers: LayerSpec[]): ArchitectureSpec {
  return { format: ARCHITECTURE_FORMAT, version: ARCHITECTURE_VERSION, name: 'whitened', input: { channels: 3, height: 32, width: 32 }, layers };
}

const HEAD: LayerSpec[] = [{ type: 'conv2d', filters: 8, kernelSize: 3, padding: 1 }, { type: 'relu' }, { type: 'globalAvgPool' }, { type: 'dense', units: 10 }, { type: 'softmaxCrossEntropy' }];

test('patch whitening: 2·C·k² channels of (H − k + 1)×(W − k + 1), the arithmetic written out', () => {
  const analysis = analyzeArchitecture(cifar([{ type: 'patchWhitening' }, ...HEAD]), { numClasses: 10 });
  assert.equal(analysis.valid, true, JSON.stringify(analysis.errors));
  const [first] = analysis.layers;
  assert.deepEqual(first.outShape, { kind: 'map', channels: 24, height: 31, width: 31 });
  assert.deepEqual(first.arithmetic, ['(32 − 2)/1 + 1 = 31']);
  const three = analyzeArchitecture({ ...cifar([{ type: 'patchWhitening', kernelSize: 3 }, ...HEAD]), input: { channels: 1, height: 28, width: 20 } }).layers[0];
  assert.deepEqual(three.outShape, { kind: 'map', channels: 18, height: 26, width: 18 });
});

test('the parameter table counts the filters as fixed, not trained; the flat buffer holds them', () => {
  const analysis = analyzeArchitecture(cifar([{ type: 'patchWhitening' }, ...HEAD]), { numClasses: 10 });
  const [first] = analysis.layers;
  assert.equal(first.formula, '2×2×3×24 = 288 fixed (from the training images) + 24 = 24 trained');
  assert.deepEqual([first.params, first.fixed, first.statistics], [24, 288, 0]);
  assert.equal(first.flops, 2 * 2 * 2 * 3 * 24 * 31 * 31);
  const trainedHead = 3 * 3 * 24 * 8 + 8 + 8 * 10 + 10;
  assert.equal(analysis.totalParams, 24 + trainedHead);
  assert.equal(analysis.totalValues, 288 + 24 + trainedHead);
});

test('anywhere but first it is a shape error naming the layer', () => {
  const analysis = analyzeArchitecture(cifar([HEAD[0], { type: 'patchWhitening' }, ...HEAD.slice(1)]));
  assert.equal(analysis.valid, false);
  assert.equal(analysis.errors[0].layerIndex, 1);
  assert.match(analysis.errors[0].message, /patchWhitening must be the first layer/);
});

test('its fields are validated by name: kernel 1..5, epsilon positive', () => {
  const errors = (layer: object) => findValidationIssues(cifar([layer as LayerSpec, ...HEAD])).map((e) => `${e.path}: ${e.message}`).join('; ');
  assert.match(errors({ type: 'patchWhitening', kernelSize: 6 }), /layers\[0\]\.kernelSize/);
  assert.match(errors({ type: 'patchWhitening', kernelSize: 1.5 }), /layers\[0\]\.kernelSize/);
  assert.match(errors({ type: 'patchWhitening', epsilon: 0 }), /layers\[0\]\.epsilon/);
  assert.equal(errors({ type: 'patchWhitening', kernelSize: 5, epsilon: 1e-3 }), '');
});

test('labels and the first-layer filter bank', () => {
  assert.equal(describeLayer({ type: 'patchWhitening' }), 'patch whitening 2×2');
  assert.equal(describeLayer({ type: 'patchWhitening', kernelSize: 3 }), 'patch whitening 3×3');
  const weights = Float32Array.from({ length: 288 + 24 }, (_, k) => k);
  const bank = firstLayerFilterBank(cifar([{ type: 'patchWhitening' }, ...HEAD]), weights)!;
  assert.deepEqual([bank.count, bank.channels, bank.height, bank.width, bank.values.length], [24, 3, 2, 2, 288]);
});
