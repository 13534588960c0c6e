import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffArchitectures, diffLayers } from './archDiff.js';
import { describeLayer } from './layerLabel.js';
import type { ArchitectureSpec, LayerSpec } from '../arch/spec.js';

const conv = (filters: number, kernelSize: number, padding: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding });
const relu: LayerSpec = { type: 'relu' };
const pool: LayerSpec = { type: 'maxPool2d', size: 2 };
const flatten: LayerSpec = { type: 'flatten' };
const dense = (units: number): LayerSpec => ({ type: 'dense', units });
const loss: LayerSpec = { type: 'softmaxCrossEntropy' };

const cifarTrunk = [conv(16, 5, 2), relu, pool, conv(26, 5, 2), relu, pool, conv(32, 3, 1), relu, flatten];
const cifarBaseline = [...cifarTrunk, dense(20), relu, dense(10), loss];
const cifarBest = [...cifarTrunk, dense(10), loss];

test('identical architectures are all "same"', () => {
  assert.ok(diffLayers(cifarBaseline, cifarBaseline).every((row) => row.kind === 'same'));
});

test('dropping the dense-20 layer and its ReLU shows exactly those two as removed', () => {
  const rows = diffLayers(cifarBaseline, cifarBest);
  const removed = rows.filter((row) => row.kind === 'removed').map((row) => row.before?.index);
  assert.deepEqual(removed, [9, 10]);
  assert.equal(rows.filter((row) => row.kind === 'same').length, cifarBest.length);
  assert.equal(rows.some((row) => row.kind === 'changed' || row.kind === 'added'), false);
});

test('the reverse direction shows the same layers as added, in order', () => {
  const rows = diffLayers(cifarBest, cifarBaseline);
  assert.deepEqual(
    rows.filter((row) => row.kind === 'added').map((row) => row.after?.index),
    [9, 10],
  );
});

test('a changed setting is reported field by field, with defaults applied', () => {
  const [row] = diffLayers([conv(16, 5, 2)], [{ type: 'conv2d', filters: 32, kernelSize: 5, padding: 2, stride: 1 }]);
  assert.equal(row.kind, 'changed');
  assert.deepEqual(row.changes, [{ field: 'filters', before: 16, after: 32 }]);
});

test('an explicit default is not a change', () => {
  const [row] = diffLayers([pool], [{ type: 'maxPool2d', size: 2, stride: 2, id: 'editor-7' }]);
  assert.equal(row.kind, 'same');
});

test('layers of different types are never paired as "changed"', () => {
  const rows = diffLayers([relu], [pool]);
  assert.deepEqual(rows.map((row) => row.kind), ['removed', 'added']);
});

test('input shape changes are listed', () => {
  const spec = (channels: number): ArchitectureSpec => ({
    format: 'cnn-workbench/architecture',
    version: 1,
    name: 'n',
    input: { channels, height: 32, width: 32 },
    layers: [flatten, dense(10), loss],
  });
  assert.deepEqual(diffArchitectures(spec(1), spec(3)).inputChanges, [{ field: 'channels', before: 1, after: 3 }]);
});

test('layers read the way the report writes them, defaults left out', () => {
  assert.equal(describeLayer(conv(16, 5, 2)), 'conv 5×5, 16 filters, pad 2');
  assert.equal(describeLayer({ type: 'conv2d', filters: 8, kernelSize: 3, stride: 2 }), 'conv 3×3, 8 filters, stride 2');
  assert.equal(describeLayer(pool), 'max-pool 2×2');
  assert.equal(describeLayer({ type: 'maxPool2d', size: 3, stride: 2 }), 'max-pool 3×3, stride 2');
  assert.equal(describeLayer(dense(10)), 'dense 10');
});
