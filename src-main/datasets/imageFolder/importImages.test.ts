import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import { parseDatasetId, type ImageImportProgress } from '../../../common/datasets.js';
import { loadDataset } from '../registry.js';
import { tempFolder } from '../testFixtures.js';
import { CLASS_COLOURS, encodeFixture, pngClaimingSize, writeClassFolders, writeFixtureImage } from './imageFixtures.js';
import { importImageFolder, type ImportImagesOptions } from './importImages.js';

async function setUp(t: TestContext): Promise<{ data: string; cacheDir: string; options: (extra?: Partial<ImportImagesOptions>) => ImportImagesOptions }> {
  const root = await tempFolder(t);
  const data = join(root, 'pictures');
  const cacheDir = join(root, 'cache');
  return { data, cacheDir, options: (extra = {}) => ({ cacheDir, height: 8, channels: 3, ...extra }) };
}

function cacheFileOf(id: string): string {
  const ref = parseDatasetId(id);
  assert.equal(ref.kind, 'images');
  return ref.kind === 'images' ? ref.cacheFile : '';
}

/** Mean of each channel plane of image `index`. */
function channelMeans(images: Uint8Array, index: number, channels: number, pixels: number): number[] {
  return Array.from({ length: channels }, (_, c) => {
    let sum = 0;
    for (let p = 0; p < pixels; p++) sum += images[(index * channels + c) * pixels + p];
    return sum / pixels;
  });
}

test('class folders of PNG and JPEG: sorted class names, a stratified test share, CHW pixels of the right colour', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['red', 'green', 'blue'], { perClass: 5 });
  const { info, reused } = await importImageFolder(data, options({ name: 'Colours' }));
  assert.equal(reused, false);
  assert.equal(info.name, 'Colours');
  assert.deepEqual(info.classNames, ['blue', 'green', 'red']);
  assert.deepEqual([info.channels, info.height, info.width], [3, 8, 8]);
  assert.deepEqual(info.images?.classCounts, { train: [4, 4, 4], validation: [0, 0, 0], test: [1, 1, 1] });
  assert.equal(info.images?.layout, 'class-folders');
  assert.equal(info.images?.test, 'held-out');
  assert.equal(info.images?.validation, 'per-run');
  assert.equal(info.images?.skippedCount, 0);

  const loaded = await loadDataset(info.id);
  assert.equal(loaded.train.count, 12);
  assert.equal(loaded.test.count, 3);
  assert.equal(loaded.validationIndices, undefined);
  assert.ok(loaded.train.images.buffer instanceof SharedArrayBuffer);
  const colourOf = { blue: CLASS_COLOURS[2], green: CLASS_COLOURS[1], red: CLASS_COLOURS[0] };
  for (let i = 0; i < loaded.train.count; i++) {
    const expected = colourOf[info.classNames[loaded.train.labels[i]] as keyof typeof colourOf];
    const means = channelMeans(loaded.train.images, i, 3, 64);
    means.forEach((mean, c) => assert.ok(Math.abs(mean - expected[c]) < 12, `image ${i} channel ${c}: ${mean} vs ${expected[c]}`));
  }
  assert.ok(new Set(loaded.train.labels.subarray(0, 4)).size > 1, 'the training images are shuffled, not one class after another');
});

test('a second import of unchanged files reuses the cache; a changed file is decoded again', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['a', 'b'], { perClass: 3 });
  const first = await importImageFolder(data, options());
  const progress: ImageImportProgress[] = [];
  const second = await importImageFolder(data, options({ onProgress: (p) => progress.push(p) }));
  assert.equal(second.reused, true);
  assert.equal(second.info.id, first.info.id);
  assert.ok(!progress.some((p) => p.phase === 'decode'), 'nothing was decoded');

  await utimes(join(data, 'a', 'a-0.png'), new Date(), new Date(Date.now() + 5000));
  const third = await importImageFolder(data, options({ onProgress: (p) => progress.push(p) }));
  assert.equal(third.reused, false);
  assert.equal(third.info.id, first.info.id, 'the same folder and options keep their id');
  const decode = progress.filter((p) => p.phase === 'decode');
  assert.deepEqual(decode.at(-1)?.done, 6);
  assert.deepEqual(decode.at(-1)?.total, 6);
  assert.equal(decode.at(-1)?.etaSeconds, 0);
  assert.deepEqual((await readdir(options().cacheDir)).filter((name) => name.includes('.partial')), [], 'no partial file is left behind');
});

test('grayscale, pad and crop: a wide white picture is padded with black bars or cropped to white', async (t) => {
  const { data, options } = await setUp(t);
  for (const name of ['white', 'grey']) {
    const value = name === 'white' ? 255 : 128;
    for (let n = 0; n < 2; n++) await writeFixtureImage(join(data, name, `${n}.png`), await encodeFixture(20, 10, [value, value, value], 0, 'png'));
  }
  const pad = await loadDataset((await importImageFolder(data, options({ channels: 1, fit: 'pad', height: 10, testSplit: 0.5 }))).info.id);
  const crop = await loadDataset((await importImageFolder(data, options({ channels: 1, fit: 'crop', height: 10, testSplit: 0.5 }))).info.id);
  assert.equal(pad.info.channels, 1);
  const whiteLabel = pad.info.classNames.indexOf('white');
  const whitePad = pad.train.labels.indexOf(whiteLabel);
  const padded = pad.train.images.subarray(whitePad * 100, whitePad * 100 + 100);
  assert.ok(padded.subarray(0, 20).every((v) => v === 0), 'top rows are black padding');
  assert.ok(padded.subarray(80, 100).every((v) => v === 0), 'bottom rows are black padding');
  assert.ok(padded.subarray(40, 60).every((v) => v > 230), 'the middle rows are the picture');
  const whiteCrop = crop.train.labels.indexOf(crop.info.classNames.indexOf('white'));
  assert.ok(crop.train.images.subarray(whiteCrop * 100, whiteCrop * 100 + 100).every((v) => v > 230), 'cropping keeps no padding');
  assert.notEqual(pad.info.id, crop.info.id, 'each fit has its own cache file');
});

test('train/, val/ and test/ folders decide the splits; the val/ images come back as the dataset\'s validation indices', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(join(data, 'train'), ['cat', 'dog'], { perClass: 4 });
  await writeClassFolders(join(data, 'val'), ['cat', 'dog'], { perClass: 2 });
  await writeClassFolders(join(data, 'test'), ['cat', 'dog'], { perClass: 3 });
  await writeFile(join(data, 'README.txt'), 'about these pictures');
  const { info } = await importImageFolder(data, options());
  assert.equal(info.images?.layout, 'split-folders');
  assert.deepEqual(info.images?.classCounts, { train: [4, 4], validation: [2, 2], test: [3, 3] });
  assert.deepEqual([info.images?.validation, info.images?.test], ['folder', 'folder']);
  assert.deepEqual(info.images?.skipped, [{ file: 'README.txt', reason: 'not inside a train/, val/ or test/ folder' }]);
  const loaded = await loadDataset(info.id);
  assert.equal(loaded.train.count, 12);
  assert.deepEqual(Array.from(loaded.validationIndices ?? []), [8, 9, 10, 11]);
  const limited = await loadDataset(info.id, { trainLimit: 6, testLimit: 2 });
  assert.deepEqual([limited.train.count, limited.validationIndices?.length, limited.test.count], [6, 2, 2]);
});

test('valSplit holds out a stratified validation share at import when there is no val/ folder', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['x', 'y'], { perClass: 10 });
  const { info } = await importImageFolder(data, options({ valSplit: 0.25, testSplit: 0.2 }));
  assert.deepEqual(info.images?.classCounts, { train: [6, 6], validation: [2, 2], test: [2, 2] });
  assert.equal(info.images?.validation, 'held-out');
});

test('a CSV manifest: header, quoted names, sub-folders, numeric labels in numeric order; bad rows and escaping paths skipped', async (t) => {
  const { data, options } = await setUp(t);
  const rows = ['filename,label'];
  for (let n = 0; n < 4; n++) {
    for (const label of [2, 10]) {
      const file = label === 2 ? `two/pic, ${n}.png` : `ten-${n}.jpg`;
      await writeFixtureImage(join(data, file), await encodeFixture(9, 9, CLASS_COLOURS[label === 2 ? 0 : 1], n, label === 2 ? 'png' : 'jpeg'));
      rows.push(`${file.includes(',') ? `"${file}"` : file},${label}`);
    }
  }
  await writeFixtureImage(join(data, '..', 'outside.png'), await encodeFixture(9, 9, [0, 0, 0], 0, 'png'));
  rows.push('../outside.png,2', 'missing.png,10', 'only-one-field', '');
  await writeFile(join(data, 'labels.csv'), rows.join('\r\n'));
  const { info } = await importImageFolder(join(data, 'labels.csv'), options({ testSplit: 0.25 }));
  assert.equal(info.images?.layout, 'csv-manifest');
  assert.equal(info.name, 'labels');
  assert.deepEqual(info.classNames, ['2', '10']);
  assert.deepEqual(info.images?.classCounts.train, [3, 3]);
  const reasons = info.images?.skipped.map((s) => `${s.file}: ${s.reason}`);
  assert.deepEqual(reasons, [
    'labels.csv:12: expected 2 fields (filename,label), found 1',
    "../outside.png: outside the CSV's folder (labels.csv line 10)",
    'missing.png: file not found (labels.csv line 11)',
  ]);
  const folderForm = await importImageFolder(data, options({ testSplit: 0.25 }));
  assert.equal(folderForm.info.images?.layout, 'csv-manifest', 'a folder holding one CSV with a filename,label header is read through it');
});

test('bad files are skipped with their reasons and counted; the import goes on', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['good', 'mixed'], { perClass: 3 });
  const png = await encodeFixture(32, 32, [10, 20, 30], 1, 'png');
  const jpeg = await encodeFixture(96, 96, [10, 20, 30], 1, 'jpeg');
  await writeFile(join(data, 'mixed', 'zero.png'), Buffer.alloc(0));
  await writeFile(join(data, 'mixed', 'truncated.png'), png.subarray(0, png.length >> 1));
  await writeFile(join(data, 'mixed', 'truncated.jpg'), jpeg.subarray(0, jpeg.length - 200));
  await writeFile(join(data, 'mixed', 'garbage.jpg'), Buffer.from('this is not a JPEG at all'));
  await writeFile(join(data, 'mixed', 'notes.txt'), 'a text file');
  await writeFile(join(data, 'mixed', '.DS_Store'), 'finder junk');
  await mkdir(join(data, 'mixed', '.thumbnails'));
  await writeFile(join(data, 'mixed', '.thumbnails', 't.png'), png);
  await writeFile(join(data, 'mixed', 'huge.png'), await pngClaimingSize(20_000, 20_000));
  const outside = join(data, '..', 'secret.png');
  await writeFile(outside, png);
  await symlink(outside, join(data, 'good', 'escape.png'));
  await symlink(join(data, 'good'), join(data, 'mixed', 'twin'));
  await symlink(data, join(data, 'good', 'up'));
  await symlink(join(data, 'nowhere.png'), join(data, 'good', 'broken.png'));

  const started = performance.now();
  const { info } = await importImageFolder(data, options());
  const seconds = (performance.now() - started) / 1000;
  const reasons = new Map(info.images?.skipped.map((s) => [s.file, s.reason]));
  assert.equal(reasons.get('mixed/zero.png'), 'empty file (0 bytes)');
  assert.equal(reasons.get('mixed/truncated.png'), 'truncated or corrupt png data');
  assert.equal(reasons.get('mixed/truncated.jpg'), 'truncated or corrupt jpeg data');
  assert.equal(reasons.get('mixed/garbage.jpg'), 'not a readable image (unknown format or corrupt header)');
  assert.equal(reasons.get('mixed/notes.txt'), 'not an image file (.txt)');
  assert.equal(reasons.get('mixed/.DS_Store'), 'hidden file');
  assert.equal(reasons.get('mixed/.thumbnails'), 'hidden folder');
  assert.equal(reasons.get('mixed/huge.png'), '20,000×20,000 pixels, over the 100-megapixel limit: refused before decoding');
  assert.match(reasons.get('good/escape.png') ?? '', /^symbolic link to .*secret\.png, outside the imported folder$/);
  assert.equal(reasons.get('good/broken.png'), 'broken symbolic link');
  assert.equal(reasons.get('good/up'), 'folder already listed through another link (a loop)');
  assert.equal(reasons.get('mixed/twin'), 'folder already listed through another link (a loop)');
  assert.equal(info.images?.skippedCount, 12);
  assert.equal(reasons.size, 12);
  assert.equal(info.trainCount + info.testCount, 6, 'the good images, each once');
  assert.ok(seconds < 30, `the 20,000×20,000 header is refused without decoding (${seconds.toFixed(1)} s for the whole import)`);
});

test('a class whose every file is unreadable fails the import, naming the class; nothing is stored', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['fine', 'also-fine'], { perClass: 2 });
  await mkdir(join(data, 'broken'));
  await writeFile(join(data, 'broken', 'a.png'), Buffer.from('not png'));
  await writeFile(join(data, 'broken', 'b.jpg'), Buffer.alloc(0));
  await assert.rejects(importImageFolder(data, options()), /class "broken" ended up with no training images; skipped there: broken\/b\.jpg \(empty file \(0 bytes\)\), broken\/a\.png \(not a readable image \(unknown format or corrupt header\)\)/);
  assert.deepEqual(existsSync(options().cacheDir) ? await readdir(options().cacheDir) : [], []);
});

test('one class, no classes and more than 256 classes are refused with the reason', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(join(data, 'single'), ['cats'], { perClass: 2 });
  await assert.rejects(importImageFolder(join(data, 'single'), options()), /has only one class \("cats"\): a classifier needs at least two classes/);
  await mkdir(join(data, 'empty'));
  await writeFile(join(data, 'empty', 'loose.png'), await encodeFixture(4, 4, [1, 2, 3], 0, 'png'));
  await assert.rejects(importImageFolder(join(data, 'empty'), options()), /no images found: expected one sub-folder per class .*loose\.png: not inside a class folder/);
  const tiny = await encodeFixture(4, 4, [1, 2, 3], 0, 'png');
  await Promise.all(Array.from({ length: 1001 }, (_, i) => writeFixtureImage(join(data, 'many', `class-${i}`, 'x.png'), tiny)));
  await assert.rejects(importImageFolder(join(data, 'many'), options()), /has 1,001 classes; CNN Workbench takes at most 256 \(labels are stored as one byte per image\)/);
});

test('file and class names in any Unicode form, NFD folders matching their NFC twins across splits', async (t) => {
  const { data, options } = await setUp(t);
  const png = (n: number) => encodeFixture(6, 6, CLASS_COLOURS[n % 3], n, 'png');
  await writeFixtureImage(join(data, 'train', 'café'.normalize('NFD'), '🐱 1.png'), await png(0));
  await writeFixtureImage(join(data, 'train', 'café'.normalize('NFD'), 'фото 2.png'), await png(1));
  await writeFixtureImage(join(data, 'train', '猫', '写真.png'), await png(2));
  await writeFixtureImage(join(data, 'train', '猫', 'ملف.png'), await png(3));
  await writeFixtureImage(join(data, 'test', 'café'.normalize('NFC'), 'x.png'), await png(4));
  await writeFixtureImage(join(data, 'test', '猫', 'y.png'), await png(5));
  const { info } = await importImageFolder(data, options({ name: 'Чашки ☕' }));
  assert.deepEqual(info.classNames, ['café', '猫']);
  assert.deepEqual(info.images?.classCounts, { train: [2, 2], validation: [0, 0], test: [1, 1] });
  assert.match(cacheFileOf(info.id), /Чашки-3x8x8-crop-[0-9a-f]{10}\.cwimg$/);
});

test('cancelling stops the decode and leaves no cache file', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['p', 'q'], { perClass: 30, formats: ['png'] });
  const controller = new AbortController();
  const importing = importImageFolder(data, options({ concurrency: 1, signal: controller.signal, onProgress: (p) => p.phase === 'decode' && controller.abort() }));
  await assert.rejects(importing, /import of .*pictures cancelled; nothing was stored/);
  assert.deepEqual(await readdir(options().cacheDir), []);
  const early = new AbortController();
  early.abort();
  await assert.rejects(importImageFolder(data, options({ signal: early.signal })), /import of .*pictures cancelled; nothing was stored/, 'cancelled while listing');
});

test('a damaged cache file is refused with what to do', async (t) => {
  const { data, options } = await setUp(t);
  await writeClassFolders(data, ['a', 'b'], { perClass: 2 });
  const { info } = await importImageFolder(data, options());
  const cacheFile = cacheFileOf(info.id);
  await truncate(cacheFile, 100);
  await assert.rejects(loadDataset(info.id), /is not a complete CNN Workbench image cache .*import its folder again/);
  await rm(cacheFile);
  await assert.rejects(loadDataset(info.id), /the decoded copy of this image dataset is gone \(deleted\?\); import its folder again/);
});
