import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatmapLayout } from './heatmapLayout.js';

test('short names (digits) stay upright and the grid fills the width', () => {
  const layout = heatmapLayout(500, 10, 1);
  assert.equal(layout.slantedColumnLabels, false);
  assert.ok(layout.width <= 500);
  assert.ok(layout.cell >= 40);
});

test('long names (CIFAR classes) are slanted, and still fit the width', () => {
  const layout = heatmapLayout(500, 10, 'automobile'.length);
  assert.equal(layout.slantedColumnLabels, true);
  assert.ok(layout.width <= 500, `width ${layout.width}`);
  assert.ok(layout.gridTop > 'automobile'.length * 6.6 * Math.SQRT1_2, 'room above the grid for slanted names');
});

test('row names and the axis title fit left of the grid', () => {
  assert.ok(heatmapLayout(600, 10, 10).gridLeft >= 18 + 66);
});

test('cells never shrink below a readable size nor grow huge', () => {
  assert.equal(heatmapLayout(100, 10, 1).cell, 18);
  assert.equal(heatmapLayout(5000, 2, 1).cell, 48);
});
