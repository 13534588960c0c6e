import assert from 'node:assert/strict';
import test from 'node:test';
import { allocateImageSet, bytesPerImage, DatasetIdError, formatDatasetId, imbalanceRatio, isBuiltInDataset, parseDatasetId } from './datasets.js';

test('dataset ids parse and format back, paths taken verbatim after the first colon', () => {
  const ids = ['mnist', 'cifar10', 'idx:/data/fashion', 'cifar:/data/cifar-10-binary.tar.gz', 'cifar:C:\\data\\cifar', 'images:/cache/pets-32x32x3.cwimg'];
  for (const id of ids) assert.equal(formatDatasetId(parseDatasetId(id)), id);
  assert.deepEqual(parseDatasetId('idx:/a:b'), { kind: 'idx', folder: '/a:b' });
  assert.deepEqual(parseDatasetId('cifar:C:\\data'), { kind: 'cifar', path: 'C:\\data' });
});

test('unknown or incomplete dataset ids are refused with the accepted forms', () => {
  assert.throws(() => parseDatasetId('fashion'), (e: Error) => e instanceof DatasetIdError && /Unknown dataset id "fashion": expected mnist, cifar10, idx:<folder>, cifar:<path> or images:<file>/.test(e.message));
  assert.throws(() => parseDatasetId('idx:'), /names no path: use idx:<path>/);
  assert.throws(() => parseDatasetId('MNIST'), /Unknown dataset id/);
  assert.throws(() => parseDatasetId('images:'), /names no path: use images:<path>/);
});

test('image sets are allocated on shared memory at the right size', () => {
  const set = allocateImageSet(3, bytesPerImage({ channels: 3, height: 2, width: 4 }));
  assert.ok(set.images.buffer instanceof SharedArrayBuffer);
  assert.ok(set.labels.buffer instanceof SharedArrayBuffer);
  assert.equal(set.images.length, 72);
  assert.equal(set.labels.length, 3);
  assert.equal(set.count, 3);
});

test('imbalance is the largest class over the smallest, infinite with an empty class', () => {
  assert.equal(imbalanceRatio([10, 20, 5]), 4);
  assert.equal(imbalanceRatio([3, 0]), Infinity);
  assert.equal(imbalanceRatio([7, 7]), 1);
  assert.ok(isBuiltInDataset('mnist') && isBuiltInDataset('cifar10') && !isBuiltInDataset('images:/x'));
});
