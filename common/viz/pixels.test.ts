import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chwToRgba, decodeBase64, filterToRgba, imagePixelsToRgba, integerZoom } from './pixels.js';
import type { FilterBank } from '../runs.js';

function toBase64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

test('decodes base64 to the original bytes, including 0 and 255', () => {
  assert.deepEqual([...decodeBase64(toBase64([0, 1, 127, 128, 254, 255]))], [0, 1, 127, 128, 254, 255]);
});

test('a greyscale 1×1×2 image becomes two opaque grey pixels', () => {
  assert.deepEqual([...chwToRgba(new Uint8Array([10, 200]), 1, 1, 2)], [10, 10, 10, 255, 200, 200, 200, 255]);
});

test('RGB planes are interleaved per pixel', () => {
  // 3×1×2: R plane [1, 2], G plane [3, 4], B plane [5, 6]
  const rgba = chwToRgba(new Uint8Array([1, 2, 3, 4, 5, 6]), 3, 1, 2);
  assert.deepEqual([...rgba], [1, 3, 5, 255, 2, 4, 6, 255]);
});

test('rejects a byte count that does not match the shape', () => {
  assert.throws(() => chwToRgba(new Uint8Array(5), 3, 1, 2), /expected 3×1×2 = 6 bytes, got 5/);
});

test('decodes stored ImagePixels end to end', () => {
  const rgba = imagePixelsToRgba({ channels: 1, height: 2, width: 1, base64: toBase64([0, 255]) });
  assert.deepEqual([...rgba], [0, 0, 0, 255, 255, 255, 255, 255]);
});

const bank: FilterBank = {
  count: 2,
  channels: 1,
  height: 1,
  width: 3,
  // filter 0 spans −0.5..0.5; filter 1 spans 10..30 (a very different scale)
  values: [-0.5, 0, 0.5, 10, 20, 30],
};

test('each filter is stretched to its own min and max', () => {
  const reds = (rgba: Uint8ClampedArray) => [rgba[0], rgba[4], rgba[8]];
  assert.deepEqual(reds(filterToRgba(bank, 0)), [0, 128, 255]);
  assert.deepEqual(reds(filterToRgba(bank, 1)), [0, 128, 255]);
});

test('a constant filter is mid-grey instead of dividing by zero', () => {
  const flat: FilterBank = { count: 1, channels: 1, height: 1, width: 2, values: [0.3, 0.3] };
  assert.deepEqual([...filterToRgba(flat, 0)], [128, 128, 128, 255, 128, 128, 128, 255]);
});

test('an RGB filter keeps its colours, normalised over all three channels together', () => {
  const rgb: FilterBank = { count: 1, channels: 3, height: 1, width: 1, values: [1, 0, -1] };
  assert.deepEqual([...filterToRgba(rgb, 0)], [255, 128, 0, 255]);
});

test('rejects a filter index outside the bank', () => {
  assert.throws(() => filterToRgba(bank, 2), RangeError);
});

test('integer zoom fits whole pixels and never drops below 1', () => {
  assert.equal(integerZoom(28, 100), 3);
  assert.equal(integerZoom(32, 31), 1);
  assert.equal(integerZoom(5, 40), 8);
});
