import assert from 'node:assert/strict';
import test from 'node:test';
import { allocateImageSet } from './datasets.js';
import { computeChannelStats, gatherLabels, normalizationTable, normalizeBatch } from './imageBatch.js';
import { SeededRandom } from './random.js';

test('channel statistics are the mean and population std of byte/255, per channel', () => {
  // Two images, 2 channels of 2 pixels: channel 0 holds 0, 255, 0, 255; channel 1 is constant 51.
  const set = allocateImageSet(2, 4);
  set.images.set([0, 255, 51, 51, 0, 255, 51, 51]);
  const stats = computeChannelStats(set, 2);
  assert.deepEqual(stats.mean, [0.5, 0.2]);
  assert.deepEqual(stats.std, [0.5, 1], 'a constant channel gets std 1');
});

test('statistics can be restricted to the training indices', () => {
  const set = allocateImageSet(3, 1);
  set.images.set([10, 20, 200]);
  const stats = computeChannelStats(set, 1, Uint32Array.from([0, 1]));
  assert.ok(Math.abs(stats.mean[0] - 15 / 255) < 1e-15);
  assert.ok(Math.abs(stats.std[0] - 5 / 255) < 1e-15);
});

test('normalizeBatch equals (byte/255 − mean)/std per channel, in the given order', () => {
  const channels = 3;
  const planeSize = 5;
  const imageBytes = channels * planeSize;
  const set = allocateImageSet(6, imageBytes);
  const random = new SeededRandom(9);
  for (let i = 0; i < set.images.length; i++) set.images[i] = random.nextInt(256);
  for (let n = 0; n < set.count; n++) set.labels[n] = n * 2;
  const stats = computeChannelStats(set, channels);
  const table = normalizationTable(stats);
  const order = Uint32Array.from([5, 0, 3, 2, 4, 1]);
  const out = new Float32Array(3 * imageBytes);
  normalizeBatch(set.images, imageBytes, order, 2, 3, table, out);
  for (let b = 0; b < 3; b++) {
    for (let c = 0; c < channels; c++) {
      for (let p = 0; p < planeSize; p++) {
        const byte = set.images[order[2 + b] * imageBytes + c * planeSize + p];
        const expected = Math.fround((byte / 255 - stats.mean[c]) / stats.std[c]);
        assert.equal(out[b * imageBytes + c * planeSize + p], expected);
      }
    }
  }
  const labels = new Int32Array(3);
  gatherLabels(set.labels, order, 2, 3, labels);
  assert.deepEqual([...labels], [6, 4, 8]);
});

test('normalised training data has mean 0 and std 1 per channel', () => {
  const set = allocateImageSet(50, 2 * 16);
  const random = new SeededRandom(4);
  for (let i = 0; i < set.images.length; i++) set.images[i] = (i % 32 < 16 ? 40 : 150) + random.nextInt(60);
  const table = normalizationTable(computeChannelStats(set, 2));
  const order = Uint32Array.from({ length: 50 }, (_, i) => i);
  const out = new Float32Array(set.images.length);
  normalizeBatch(set.images, 32, order, 0, 50, table, out);
  for (let c = 0; c < 2; c++) {
    const values = [...out].filter((_, i) => Math.floor((i % 32) / 16) === c);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    assert.ok(Math.abs(mean) < 1e-5, `channel ${c} mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 1e-5, `channel ${c} variance ${variance}`);
  }
});
