import assert from 'node:assert/strict';
import test from 'node:test';
import { allocateImageSet, bytesPerImage, DatasetIdError, formatDatasetId, parseDatasetId } from './datasets.js';

test('dataset ids parse and format back, paths taken verbatim after the first colon', () => {
  const ids = ['mnist', 'cifar10', 'idx:/data/fashion', 'cifar:/data/cifar-10-binary.tar.gz', 'cifar:C:\\data\\cifar'];
  for (const id of ids) assert.equal(formatDatasetId(parseDatasetId(id)), id);
  assert.deepEqual(parseDatasetId('idx:/a:b'), { kind: 'idx', folder: '/a:b' });
  assert.deepEqual(parseDatasetId('cifar:C:\\data'), { kind: 'cifar', path: 'C:\\data' });
});

test('unknown or incomplete dataset ids are refused with the accepted forms', () => {
  assert.throws(() => parseDatasetId('fashion'), (e: Error) => e instanceof DatasetIdError && /Unknown dataset id "fashion": expected mnist, cifar10, idx:<folder> or cifar:<path>/.test(e.message));
  assert.throws(() => parseDatasetId('idx:'), /names no path: use idx:<path>/);
  assert.throws(() => parseDatasetId('MNIST'), /Unknown dataset id/);
});

test('image sets are allocated on shared memory at the right size', () => {
  const set = allocateImageSet(3, bytesPerImage({ channels: 3, height: 2, width: 4 }));
  assert.ok(set.images.buffer instanceof SharedArrayBuffer);
  assert.ok(set.labels.buffer instanceof SharedArrayBuffer);
  assert.equal(set.images.length, 72);
  assert.equal(set.labels.length, 3);
  assert.equal(set.count, 3);
});
