import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverRowsAt, nearestIndexByX, padDomain, seriesExtent } from './chartMath.js';

const points = (...pairs: [number, number][]) => pairs.map(([x, y]) => ({ x, y }));

test('extent spans every finite point of every series', () => {
  const extent = seriesExtent([
    { name: 'a', points: points([1, 0.5], [2, Number.NaN], [3, 0.9]) },
    { name: 'b', points: points([0, 0.7]) },
  ]);
  assert.deepEqual(extent, { x: [0, 3], y: [0.5, 0.9] });
});

test('no points means no extent', () => {
  assert.equal(seriesExtent([{ name: 'empty', points: [] }]), null);
});

test('padding widens the domain; a single value gets a non-degenerate window', () => {
  assert.deepEqual(padDomain([0, 10], 0.1), [-1, 11]);
  assert.deepEqual(padDomain([2, 2], 0.1), [1, 3]);
  assert.deepEqual(padDomain([0, 0], 0.1), [-0.5, 0.5]);
});

test('nearest index by x, on both sides and past the ends', () => {
  const sorted = points([1, 0], [2, 0], [4, 0]);
  assert.equal(nearestIndexByX(sorted, 2.9), 1);
  assert.equal(nearestIndexByX(sorted, 3.1), 2);
  assert.equal(nearestIndexByX(sorted, -5), 0);
  assert.equal(nearestIndexByX(sorted, 99), 2);
  assert.equal(nearestIndexByX([], 1), -1);
});

test('hover reports the nearest x and the series that have a point there', () => {
  const hover = hoverRowsAt(
    [
      { name: 'long', points: points([1, 0.1], [2, 0.2], [3, 0.3]) },
      { name: 'short', points: points([1, 0.5], [2, 0.6]) },
    ],
    2.8,
  );
  assert.equal(hover?.x, 3);
  assert.deepEqual(hover?.rows.map((row) => row.name), ['long']);
  assert.deepEqual(hoverRowsAt([{ name: 'short', points: points([1, 0.5], [2, 0.6]) }], 1.2)?.rows[0].point, { x: 1, y: 0.5 });
});

test('hover over no data is null', () => {
  assert.equal(hoverRowsAt([], 1), null);
});
