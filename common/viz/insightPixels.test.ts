import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureMapLayer } from '../insight.js';
import { featureMapBytes, featureMapImage, largestMagnitude, overlayRgba, robustMagnitude, STRIP_COLUMNS } from './insightPixels.js';

const layer = (overrides: Partial<FeatureMapLayer>): FeatureMapLayer => ({
  index: 0,
  name: 'conv2d#0',
  type: 'conv2d',
  channels: 2,
  height: 2,
  width: 2,
  shown: 2,
  base64: btoa(String.fromCharCode(0, 64, 128, 255, 10, 20, 30, 40)),
  minimum: [0, 0],
  maximum: [1, 1],
  ...overrides,
});

test('a feature map becomes grey pixels, map by map; a vector layer is one strip', () => {
  const maps = layer({});
  const bytes = featureMapBytes(maps);
  const second = featureMapImage(maps, bytes, 1);
  assert.deepEqual([second.width, second.height, ...second.rgba.subarray(0, 8)], [2, 2, 10, 10, 10, 255, 20, 20, 20, 255]);
  assert.throws(() => featureMapImage(maps, bytes, 2), /map 2 is outside the 2 drawn maps of conv2d#0/);
  const vector = layer({ type: 'dense', name: 'dense#5', channels: 3, height: 1, width: 1, shown: 3, base64: btoa(String.fromCharCode(0, 128, 255)), minimum: [-1], maximum: [2] });
  const strip = featureMapImage(vector, featureMapBytes(vector), 0);
  assert.deepEqual([strip.width, strip.height], [3, 1]);
  const long = layer({ type: 'flatten', channels: 100, height: 1, width: 1, shown: 100, base64: btoa(String.fromCharCode(...Array.from({ length: 100 }, (_, i) => i + 1))) });
  const wrapped = featureMapImage(long, featureMapBytes(long), 0);
  assert.deepEqual([wrapped.width, wrapped.height], [STRIP_COLUMNS, 2]);
  assert.equal(wrapped.rgba[(100 + 1) * 4 - 1], 0, 'past the last unit: transparent');
});

test('an overlay keeps the image where the map is 0 (darkened) and shows the map where it is largest', () => {
  const image = { channels: 1, height: 1, width: 2, base64: btoa(String.fromCharCode(200, 200)) };
  const rgba = overlayRgba(image, { height: 1, width: 2, values: [0, -4] }, true);
  // Pixel 0: alpha 0.15 of the white midpoint of the ramp over a darkened grey.
  assert.ok(Math.abs(rgba[0] - Math.round(200 * 0.6 * 0.85 + 247 * 0.15)) <= 1);
  // Pixel 1: strongest negative value, deep red.
  assert.ok(rgba[4] > rgba[6], 'red dominates blue for a negative value');
  assert.throws(() => overlayRgba(image, { height: 2, width: 1, values: [0, 1] }, false), /cannot lie over/);
  assert.equal(largestMagnitude([0, 0]), 1);
  const spiky = [...Array.from({ length: 199 }, () => 1), 1000];
  assert.equal(robustMagnitude(spiky), 1, 'one extreme pixel does not wash out the rest');
});
