import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { presetArchitecture } from '../../common/arch/presets.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import {
  bodyLength,
  insertLayer,
  moveLayer,
  newLayer,
  PALETTE,
  removeLayer,
  setInputShape,
  setLayerField,
  withLayerIds,
  withoutLayerIds,
} from './architectureEdits.js';

function mnist(): ArchitectureSpec {
  let counter = 0;
  return withLayerIds(presetArchitecture('mnist-baseline')!, () => `l${++counter}`);
}

const types = (spec: ArchitectureSpec) => spec.layers.map((layer) => layer.type);

test('every palette layer added with its defaults keeps the MNIST network valid', () => {
  assert.deepEqual(
    [...PALETTE].sort(),
    ['avgPool2d', 'batchNorm', 'conv2d', 'dense', 'dropout', 'flatten', 'globalAvgPool', 'leakyRelu', 'maxPool2d', 'patchWhitening', 'relu'],
  );
  // In front it fits (its 2×2 patches make the maps 27×27, which the baseline's later pooling does not divide).
  assert.notEqual(analyzeArchitecture(insertLayer(mnist(), 0, newLayer('patchWhitening', 'new'))).errors[0]?.layerIndex, 0, 'patch whitening in front');
  const whitenedLater = analyzeArchitecture(insertLayer(mnist(), 1, newLayer('patchWhitening', 'new')));
  assert.equal(whitenedLater.errors[0]?.layerIndex, 1, 'patch whitening after the first layer is an error at it');
  for (const type of ['conv2d', 'relu', 'dropout'] as const) {
    const spec = insertLayer(mnist(), 1, newLayer(type, 'new'));
    assert.equal(analyzeArchitecture(spec).valid, true, `${type} inserted after the first conv`);
  }
  const denseAtEnd = insertLayer(mnist(), 99, newLayer('dense', 'new'));
  assert.equal(analyzeArchitecture(denseAtEnd).valid, true, 'a 10-unit dense before the loss');
});

test('an extra pooling layer makes a later pool fail, and the error names that later layer', () => {
  const analysis = analyzeArchitecture(insertLayer(mnist(), 1, newLayer('maxPool2d', 'extra')));
  assert.equal(analysis.valid, false);
  assert.equal(analysis.errors[0].layerIndex, 6, '28 → 14 → 7, then a 2×2 pool cannot tile 7');
  assert.match(analysis.errors[0].message, /not an integer/);
});

test('inserting past the end lands before the pinned loss', () => {
  const spec = insertLayer(mnist(), 1000, newLayer('relu', 'x'));
  assert.equal(spec.layers.at(-1)!.type, 'softmaxCrossEntropy');
  assert.equal(spec.layers.at(-2)!.id, 'x');
});

test('moving is confined to the body: the loss never moves and nothing moves past it', () => {
  const spec = mnist();
  const lossIndex = spec.layers.length - 1;
  assert.equal(moveLayer(spec, lossIndex, 0), spec);
  const moved = moveLayer(spec, 0, 1000);
  assert.deepEqual(types(moved).slice(-2), ['conv2d', 'softmaxCrossEntropy']);
  assert.equal(moved.layers[bodyLength(moved) - 1].id, 'l1');
});

test('moving down then up restores the original order', () => {
  const spec = mnist();
  assert.deepEqual(moveLayer(moveLayer(spec, 2, 3), 3, 2), spec);
});

test('edits return new specs and leave the original untouched', () => {
  const spec = mnist();
  const before = JSON.stringify(spec);
  setLayerField(spec, 0, 'filters', 8);
  removeLayer(spec, 1);
  moveLayer(spec, 0, 2);
  insertLayer(spec, 0, newLayer('dropout', 'd'));
  assert.equal(JSON.stringify(spec), before);
});

test('changing the first conv to 8 filters changes its and the next conv parameter counts', () => {
  const analysis = analyzeArchitecture(setLayerField(mnist(), 0, 'filters', 8));
  assert.equal(analysis.layers[0].params, 5 * 5 * 1 * 8 + 8);
  assert.equal(analysis.layers[3].formula, '5×5×8×16 + 16 = 3216');
});

test('clearing an optional field removes it so the default applies; clearing a required one is an error on that field', () => {
  const cleared = setLayerField(mnist(), 0, 'padding', undefined);
  assert.equal('padding' in cleared.layers[0], false);
  const missing = analyzeArchitecture(setLayerField(mnist(), 0, 'filters', undefined));
  assert.equal(missing.valid, false);
  assert.equal(missing.errors[0].layerIndex, 0);
  assert.equal(missing.errors[0].field, 'filters');
});

test('setLayerField refuses to change the type or id', () => {
  const spec = mnist();
  assert.equal(setLayerField(spec, 0, 'type', 3), spec);
  assert.equal(setLayerField(spec, 0, 'id', 3), spec);
});

test('ids are added only where missing and stripped for export, leaving a valid document', () => {
  const spec = mnist();
  assert.ok(spec.layers.every((layer) => typeof layer.id === 'string'));
  assert.equal(withLayerIds(spec, () => 'never'), spec);
  const exported = withoutLayerIds(spec);
  assert.ok(exported.layers.every((layer) => !('id' in layer)));
  assert.equal(analyzeArchitecture(exported).totalParams, 416 + 6416 + 7850);
});

test('a new input shape is applied; the same shape keeps the same spec object', () => {
  const spec = mnist();
  assert.equal(setInputShape(spec, { channels: 1, height: 28, width: 28 }), spec);
  const colour = setInputShape(spec, { channels: 3, height: 32, width: 32 });
  assert.deepEqual(colour.input, { channels: 3, height: 32, width: 32 });
  assert.equal(analyzeArchitecture(colour).layers[0].params, 5 * 5 * 3 * 16 + 16);
});

test('a loss added to a network without one goes to the end', () => {
  const withoutLoss = removeLayer(mnist(), 8);
  assert.equal(bodyLength(withoutLoss), withoutLoss.layers.length);
  const fixed = insertLayer(withoutLoss, 0, newLayer('softmaxCrossEntropy', 'loss'));
  assert.equal(fixed.layers.at(-1)!.type, 'softmaxCrossEntropy');
  assert.equal(analyzeArchitecture(fixed).valid, true);
});

test('text that is not a number is kept as typed and reported on that field', () => {
  const analysis = analyzeArchitecture(setLayerField(mnist(), 7, 'units', '1o'));
  assert.equal(analysis.errors[0].layerIndex, 7);
  assert.equal(analysis.errors[0].field, 'units');
  assert.match(analysis.errors[0].message, /got "1o"/);
});
