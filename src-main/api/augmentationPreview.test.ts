import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../common/api/contract.js';
import { augmentationSeed, drawAugmentation } from '../../common/augmentation/draw.js';
import type { LoadedDataset } from '../../common/datasets.js';
import { AugmentationPreviews } from './augmentationPreview.js';

// Three 4×4 greyscale images: every pixel of image n is 10·(n + 1); labels 2, 0, 1.
const dataset: LoadedDataset = {
  info: { id: 'tiny', name: 'tiny', classNames: ['a', 'b', 'c'], channels: 1, height: 4, width: 4, trainCount: 3, testCount: 0, source: 'test' },
  train: { images: Uint8Array.from({ length: 48 }, (_, i) => 10 * (Math.floor(i / 16) + 1)), labels: Uint8Array.of(2, 0, 1), count: 3 },
  test: { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 },
};
const loads: string[] = [];
const previews = new AugmentationPreviews({
  load: async (id) => {
    loads.push(id);
    return dataset;
  },
});
const bytes = (base64: string) => Array.from(Buffer.from(base64, 'base64'));

test('originals as stored, augmented as the run would draw them at its first step, cutout in the mean colour', async () => {
  const augmentation = { cropPadding: 0, horizontalFlip: false, cutoutSize: 2 };
  const { samples } = await previews.preview({ datasetId: 'tiny', augmentation, seed: 5, count: 8 });
  assert.equal(samples.length, 3, 'no more than the dataset has');
  assert.deepEqual(samples.map((s) => s.label), ['c', 'a', 'b']);
  assert.deepEqual(bytes(samples[1].original.base64), Array(16).fill(20));
  samples.forEach((sample, position) => {
    const { cutout } = drawAugmentation(augmentation, augmentationSeed(5), 0, position, { channels: 1, height: 4, width: 4 }, { index: sample.trainIndex, epoch: 0 });
    assert.ok(cutout);
    const expected = Array.from({ length: 16 }, (_, i) => {
      const [y, x] = [Math.floor(i / 4), i % 4];
      const cut = y >= cutout.top && y < cutout.top + 2 && x >= cutout.left && x < cutout.left + 2;
      return cut ? 20 : 10 * (position + 1); // the mean of 10, 20, 30
    });
    assert.deepEqual(bytes(sample.augmented.base64), expected, `image ${position}`);
  });
  assert.deepEqual(loads, ['tiny']);
});

test('bad requests are refused naming what is wrong', async () => {
  const augmentation = { cropPadding: 1, horizontalFlip: true, cutoutSize: 0 };
  const cases: [unknown, RegExp][] = [
    [{ datasetId: 'tiny', augmentation: { ...augmentation, cutoutSize: 4 }, seed: 1 }, /cutout size 4 must be smaller than the 4×4 images/],
    [{ datasetId: 'tiny', augmentation: { ...augmentation, cropPadding: -1 }, seed: 1 }, /crop padding must be an integer from 0/],
    [{ datasetId: 'tiny', augmentation, seed: 1.5 }, /seed must be an integer/],
    [{ datasetId: 'tiny', augmentation, seed: 1, count: 100 }, /count must be an integer from 1 to 32/],
    [{ datasetId: '', augmentation, seed: 1 }, /datasetId must name a dataset/],
  ];
  for (const [request, message] of cases) {
    await assert.rejects(previews.preview(request as never), (error: unknown) => error instanceof ApiError && error.code === 'invalid-argument' && message.test(error.message));
  }
});
