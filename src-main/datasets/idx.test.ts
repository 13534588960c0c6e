import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { gzipSync } from 'node:zlib';
import { IdxFormatError, readIdxFolder, readIdxPair } from './idx.js';
import { idxFile, idxImages, idxLabels, labelAt, pixelAt, tempFolder } from './testFixtures.js';

const ROWS = 3;
const COLS = 4;

function labelsFor(count: number): number[] {
  return Array.from({ length: count }, (_, n) => labelAt(n));
}

async function writePair(folder: string, images: Buffer, labels: Buffer): Promise<[string, string]> {
  const imagesPath = join(folder, 'images');
  const labelsPath = join(folder, 'labels');
  await writeFile(imagesPath, images);
  await writeFile(labelsPath, labels);
  return [imagesPath, labelsPath];
}

async function rejectsWith(promise: Promise<unknown>, ...fragments: (string | RegExp)[]): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    for (const fragment of fragments) {
      if (typeof fragment === 'string') assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      else assert.match(error.message, fragment);
    }
    return true;
  });
}

test('reads a plain IDX pair into shared memory, pixels and labels in order', async (t) => {
  const folder = await tempFolder(t);
  const [images, labels] = await writePair(folder, idxImages(5, ROWS, COLS), idxLabels(labelsFor(5)));
  const result = await readIdxPair(images, labels, { classCount: 10 });
  assert.equal(result.set.count, 5);
  assert.deepEqual([result.height, result.width], [ROWS, COLS]);
  assert.ok(result.set.images.buffer instanceof SharedArrayBuffer);
  assert.ok(result.set.labels.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...result.set.labels], labelsFor(5));
  for (let n = 0; n < 5; n++) {
    for (let i = 0; i < ROWS * COLS; i++) assert.equal(result.set.images[n * ROWS * COLS + i], pixelAt(n, i));
  }
  assert.equal(result.maxLabel, Math.max(...labelsFor(5)));
});

test('detects gzip by its magic bytes, not by the file name', async (t) => {
  const folder = await tempFolder(t);
  // gzip data under a plain name, plain data under a .gz name
  const images = join(folder, 'images-without-suffix');
  const labels = join(folder, 'labels.gz');
  await writeFile(images, gzipSync(idxImages(7, ROWS, COLS)));
  await writeFile(labels, idxLabels(labelsFor(7)));
  const result = await readIdxPair(images, labels);
  assert.equal(result.set.count, 7);
  assert.equal(result.set.images[6 * ROWS * COLS + 5], pixelAt(6, 5));
  assert.deepEqual([...result.set.labels], labelsFor(7));
});

test('a limit loads only the first images and labels', async (t) => {
  const folder = await tempFolder(t);
  const [images, labels] = await writePair(folder, gzipSync(idxImages(20, ROWS, COLS)), idxLabels(labelsFor(20)));
  const result = await readIdxPair(images, labels, { limit: 3 });
  assert.equal(result.set.count, 3);
  assert.equal(result.set.images.length, 3 * ROWS * COLS);
  assert.deepEqual([...result.set.labels], labelsFor(3));
});

test('reads an MNIST-named folder, mixing plain and .gz files, and infers the class count', async (t) => {
  const folder = await tempFolder(t);
  await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(idxImages(12, ROWS, COLS)));
  await writeFile(join(folder, 'train-labels-idx1-ubyte'), idxLabels(labelsFor(12).map((l) => l % 4)));
  await writeFile(join(folder, 't10k-images-idx3-ubyte'), idxImages(4, ROWS, COLS));
  await writeFile(join(folder, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxLabels([0, 1, 2, 5])));
  const data = await readIdxFolder(folder, { testLimit: 2 });
  assert.equal(data.train.count, 12);
  assert.equal(data.test.count, 2);
  assert.equal(data.classCount, 4, 'largest loaded label is 3 (the 5 is beyond the test limit)');
});

test('names the missing files of an IDX folder', async (t) => {
  const folder = await tempFolder(t);
  await writeFile(join(folder, 'train-images-idx3-ubyte'), idxImages(2, ROWS, COLS));
  await rejectsWith(readIdxFolder(folder), folder, 'train-labels-idx1-ubyte[.gz]', 't10k-images-idx3-ubyte[.gz]');
});

test('rejects test images whose size differs from the training images', async (t) => {
  const folder = await tempFolder(t);
  await writeFile(join(folder, 'train-images-idx3-ubyte'), idxImages(2, ROWS, COLS));
  await writeFile(join(folder, 'train-labels-idx1-ubyte'), idxLabels([0, 1]));
  await writeFile(join(folder, 't10k-images-idx3-ubyte'), idxImages(2, COLS, ROWS));
  await writeFile(join(folder, 't10k-labels-idx1-ubyte'), idxLabels([0, 1]));
  await rejectsWith(readIdxFolder(folder), 't10k-images-idx3-ubyte', '4×3', '3×4');
});

test('header errors name the file and the problem', async (t) => {
  const folder = await tempFolder(t);
  const labels = join(folder, 'labels');
  await writeFile(labels, idxLabels([1, 2]));
  const cases: [string, Buffer, string][] = [
    ['wrong magic', Buffer.concat([Buffer.from([0x1f, 0x00]), idxImages(2, ROWS, COLS).subarray(2)]), 'wrong magic number 0x1f000803'],
    ['float type code', idxFile([2, ROWS, COLS], new Uint8Array(2 * ROWS * COLS), 0x0d), 'unsupported type code 0x0d (float)'],
    ['two dimensions', idxFile([2, ROWS * COLS], new Uint8Array(2 * ROWS * COLS)), '2 dimensions where 3'],
    ['zero-width images', idxFile([2, ROWS, 0], new Uint8Array(0)), 'images of 3×0 pixels'],
    ['short header', idxImages(2, ROWS, COLS).subarray(0, 9), 'truncated header'],
    ['three-byte file', Buffer.from([0, 0, 8]), 'too short for an IDX header'],
  ];
  for (const [name, bytes, message] of cases) {
    const images = join(folder, name);
    await writeFile(images, bytes);
    await rejectsWith(readIdxPair(images, labels), images, message);
    await assert.rejects(readIdxPair(images, labels), IdxFormatError);
  }
  const images = join(folder, 'good images');
  await writeFile(images, idxImages(2, ROWS, COLS));
  const threeDimLabels = join(folder, 'labels with 3 dims');
  await writeFile(threeDimLabels, idxFile([2, 1, 1], Uint8Array.from([1, 2])));
  await rejectsWith(readIdxPair(images, threeDimLabels), threeDimLabels, '3 dimensions where 1 (count)');
});

test('plain files must be exactly as long as the header says: truncated and trailing bytes', async (t) => {
  const folder = await tempFolder(t);
  const whole = idxImages(4, ROWS, COLS);
  const [truncated, labels] = await writePair(folder, whole.subarray(0, whole.length - 1), idxLabels([1, 2, 3, 4]));
  await rejectsWith(readIdxPair(truncated, labels), truncated, 'truncated', `needs ${whole.length} bytes`);
  await writeFile(truncated, Buffer.concat([whole, Buffer.from([9, 9])]));
  await rejectsWith(readIdxPair(truncated, labels), truncated, '2 trailing bytes');
  await writeFile(labels, Buffer.concat([idxLabels([1, 2, 3, 4]), Buffer.from([0])]));
  await writeFile(truncated, whole);
  await rejectsWith(readIdxPair(truncated, labels), labels, '1 trailing bytes');
});

test('a header claiming huge sizes is refused before any allocation', async (t) => {
  const folder = await tempFolder(t);
  const [plain, labels] = await writePair(folder, idxFile([60000, 10000, 10000], new Uint8Array(10)), idxLabels([1]));
  await rejectsWith(readIdxPair(plain, labels), plain, 'truncated', '60000 × 10000 × 10000');
  const gzipped = join(folder, 'bomb.gz');
  await writeFile(gzipped, gzipSync(idxFile([60000, 10000, 10000], new Uint8Array(10))));
  await rejectsWith(readIdxPair(gzipped, labels), gzipped, 'more than', 'bytes of gzip can hold');
});

test('gzip files: truncated, trailing and lying trailers are all caught', async (t) => {
  const folder = await tempFolder(t);
  const labels = join(folder, 'labels');
  await writeFile(labels, idxLabels([1, 2, 3, 4, 5, 6]));
  const whole = idxImages(6, ROWS, COLS);

  const short = join(folder, 'short.gz');
  await writeFile(short, gzipSync(whole.subarray(0, whole.length - 5)));
  await rejectsWith(readIdxPair(short, labels), short, 'truncated', `needs ${whole.length} bytes`, `records ${whole.length - 5}`);

  const long = join(folder, 'long.gz');
  await writeFile(long, gzipSync(Buffer.concat([whole, Buffer.alloc(3)])));
  await rejectsWith(readIdxPair(long, labels), long, 'trailing bytes', `records ${whole.length + 3}`);

  const cut = join(folder, 'cut.gz');
  const compressed = gzipSync(whole);
  await writeFile(cut, compressed.subarray(0, compressed.length - 10));
  await rejectsWith(readIdxPair(cut, labels), cut, 'damaged gzip trailer');

  // Data one image short, but a trailer doctored to claim the full size: only streaming can tell.
  const lying = join(folder, 'lying.gz');
  const shortData = gzipSync(whole.subarray(0, whole.length - ROWS * COLS));
  shortData.writeUInt32LE(whole.length, shortData.length - 4);
  await writeFile(lying, shortData);
  await rejectsWith(readIdxPair(lying, labels), lying, 'gzip data is corrupt');

  // Two gzip members: the trailer (the last member's) matches the header, yet extra data follows.
  const twoMembers = join(folder, 'two-members.gz');
  await writeFile(twoMembers, Buffer.concat([gzipSync(whole), gzipSync(Buffer.alloc(whole.length))]));
  await rejectsWith(readIdxPair(twoMembers, labels), twoMembers, 'trailing bytes after the data its header declares');
});

test('image and label counts must match', async (t) => {
  const folder = await tempFolder(t);
  const [images, labels] = await writePair(folder, idxImages(3, ROWS, COLS), idxLabels([1, 2]));
  await rejectsWith(readIdxPair(images, labels), images, labels, 'holds 3 images', 'holds 2 labels');
});

test('labels at or beyond the class count are out of range, named by item', async (t) => {
  const folder = await tempFolder(t);
  const [images, labels] = await writePair(folder, idxImages(3, ROWS, COLS), idxLabels([0, 9, 10]));
  await rejectsWith(readIdxPair(images, labels, { classCount: 10 }), labels, 'label 10 of item 2 is out of range 0–9');
  const inferred = await readIdxPair(images, labels);
  assert.equal(inferred.maxLabel, 10);
});
