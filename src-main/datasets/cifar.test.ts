import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { gzipSync } from 'node:zlib';
import { CIFAR10_CLASS_NAMES, type ImageSet } from '../../common/datasets.js';
import { readCifar } from './cifar.js';
import { CIFAR_IMAGE_BYTES, CifarFormatError } from './cifarFormat.js';
import { cifarBatch, cifarMembers, labelAt, pixelAt, tarArchive, tempFolder, TEST_CLASS_NAMES, writeFiles } from './testFixtures.js';

const PER_BATCH = 4;

/** Checks that set[at] holds generated image number `n`. */
function assertImage(set: ImageSet, at: number, n: number): void {
  assert.equal(set.labels[at], labelAt(n), `label of image ${at}`);
  for (const i of [0, 1, 1023, 1024, 2048, 3071]) assert.equal(set.images[at * CIFAR_IMAGE_BYTES + i], pixelAt(n, i));
}

/** The official archive's member order, which is not numeric. */
const ARCHIVE_ORDER = ['data_batch_4.bin', 'data_batch_5.bin', 'data_batch_2.bin', 'batches.meta.txt', 'data_batch_1.bin', 'data_batch_3.bin', 'test_batch.bin'];

function archiveOf(members: Record<string, Buffer>, order = Object.keys(members)): Buffer {
  return tarArchive([
    { path: 'cifar-10-batches-bin/', type: '5' },
    ...order.map((name) => ({ path: `cifar-10-batches-bin/${name}`, data: members[name] })),
  ]);
}

async function batchesFolder(t: Parameters<typeof tempFolder>[0], members = cifarMembers(PER_BATCH)): Promise<string> {
  const parent = await tempFolder(t);
  const folder = join(parent, 'cifar-10-batches-bin');
  await mkdir(folder);
  await writeFiles(folder, members);
  return folder;
}

test('reads a batches folder in numeric batch order, with class names from batches.meta.txt', async (t) => {
  const folder = await batchesFolder(t);
  const data = await readCifar(folder);
  assert.equal(data.train.count, 5 * PER_BATCH);
  assert.equal(data.test.count, PER_BATCH);
  assert.ok(data.train.images.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(data.classNames, TEST_CLASS_NAMES);
  for (let n = 0; n < 5 * PER_BATCH; n++) assertImage(data.train, n, n);
  for (let n = 0; n < PER_BATCH; n++) assertImage(data.test, n, 1000 + n);
});

test('accepts the parent of cifar-10-batches-bin, and limits that span batches', async (t) => {
  const folder = await batchesFolder(t);
  const data = await readCifar(join(folder, '..'), { trainLimit: PER_BATCH + 2, testLimit: 1 });
  assert.equal(data.train.count, PER_BATCH + 2);
  assert.equal(data.test.count, 1);
  for (let n = 0; n < PER_BATCH + 2; n++) assertImage(data.train, n, n);
});

test('a folder may hold training batches of different sizes', async (t) => {
  const members = cifarMembers(PER_BATCH);
  members['data_batch_1.bin'] = cifarBatch(1);
  members['data_batch_2.bin'] = cifarBatch(PER_BATCH + 2, 1);
  const data = await readCifar(await batchesFolder(t, members), { testLimit: 0 });
  assert.equal(data.train.count, 1 + (PER_BATCH + 2) + 3 * PER_BATCH);
  for (let n = 0; n < PER_BATCH + 3; n++) assertImage(data.train, n, n);
});

test('falls back to the standard class names without batches.meta.txt', async (t) => {
  const folder = await batchesFolder(t);
  await rm(join(folder, 'batches.meta.txt'));
  assert.deepEqual((await readCifar(folder, { trainLimit: 1, testLimit: 0 })).classNames, CIFAR10_CLASS_NAMES);
});

test('folder errors name the file: missing batches, bad sizes, labels, class names', async (t) => {
  const folder = await batchesFolder(t);
  await rm(join(folder, 'data_batch_3.bin'));
  await rm(join(folder, 'test_batch.bin'));
  await assert.rejects(readCifar(folder), /folder .*cifar-10-batches-bin is missing data_batch_3\.bin, test_batch\.bin/);

  await writeFiles(folder, cifarMembers(PER_BATCH));
  await writeFile(join(folder, 'data_batch_2.bin'), Buffer.concat([cifarBatch(2), Buffer.from([1])]));
  await assert.rejects(readCifar(folder), (error: Error) => {
    assert.ok(error instanceof CifarFormatError);
    assert.match(error.message, /data_batch_2\.bin: 6147 bytes is not a positive multiple of 3,073/);
    return true;
  });

  await writeFiles(folder, cifarMembers(PER_BATCH));
  const badLabel = cifarBatch(PER_BATCH);
  badLabel[3 * 3073] = 10;
  await writeFile(join(folder, 'data_batch_1.bin'), badLabel);
  await assert.rejects(readCifar(folder), /data_batch_1\.bin: record 3 has label 10, out of range 0–9/);

  await writeFiles(folder, cifarMembers(PER_BATCH));
  await writeFile(join(folder, 'batches.meta.txt'), 'cat\ndog\n');
  await assert.rejects(readCifar(folder), /batches\.meta\.txt: 2 class names where 10 are expected/);
});

for (const gzip of [true, false]) {
  test(`reads straight from a ${gzip ? '.tar.gz' : '.tar'} archive whose members are out of order`, async (t) => {
    const folder = await tempFolder(t);
    const archive = join(folder, gzip ? 'cifar-10-binary.tar.gz' : 'cifar.tar');
    const tar = archiveOf(cifarMembers(PER_BATCH), ARCHIVE_ORDER);
    await writeFile(archive, gzip ? gzipSync(tar) : tar);
    const progress: number[] = [];
    const data = await readCifar(archive, { onProgress: (p) => progress.push(p.doneBytes) });
    assert.equal(data.train.count, 5 * PER_BATCH);
    for (let n = 0; n < 5 * PER_BATCH; n++) assertImage(data.train, n, n);
    assertImage(data.test, PER_BATCH - 1, 1000 + PER_BATCH - 1);
    assert.deepEqual(data.classNames, TEST_CLASS_NAMES);
    assert.ok(progress.length > 0);

    const limited = await readCifar(archive, { trainLimit: 2 * PER_BATCH + 1, testLimit: 2 });
    assert.deepEqual([limited.train.count, limited.test.count], [2 * PER_BATCH + 1, 2]);
    for (let n = 0; n < limited.train.count; n++) assertImage(limited.train, n, n);
  });
}

test('stops reading the archive once the requested records and class names are in', async (t) => {
  const folder = await tempFolder(t);
  const archive = join(folder, 'cut.tar.gz');
  const members = cifarMembers(PER_BATCH);
  const head = archiveOf(members, ['batches.meta.txt', 'data_batch_1.bin']);
  // Everything after data_batch_1 is garbage: a reader that went on would fail.
  const withoutEnd = head.subarray(0, head.length - 1024);
  await writeFile(archive, gzipSync(Buffer.concat([withoutEnd, Buffer.alloc(4096, 0x55)])));
  const data = await readCifar(archive, { trainLimit: 3, testLimit: 0 });
  assert.equal(data.train.count, 3);
  assert.equal(data.test.count, 0);
  for (let n = 0; n < 3; n++) assertImage(data.train, n, n);
  await assert.rejects(readCifar(archive, { trainLimit: 3 }), /cut\.tar\.gz: header checksum mismatch/);
});

test('archive errors: missing members named, bad sizes, labels, duplicates', async (t) => {
  const folder = await tempFolder(t);
  const archive = join(folder, 'bad.tar.gz');
  const members = cifarMembers(PER_BATCH);

  await writeFile(archive, gzipSync(archiveOf(members, ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_5.bin'])));
  await assert.rejects(readCifar(archive), /bad\.tar\.gz: the archive has no data_batch_3\.bin, data_batch_4\.bin, test_batch\.bin/);
  const enough = await readCifar(archive, { trainLimit: 2 * PER_BATCH, testLimit: 0 });
  assert.equal(enough.train.count, 2 * PER_BATCH, 'batches beyond the limit are not needed');

  await writeFile(archive, gzipSync(archiveOf({ ...members, 'data_batch_4.bin': Buffer.alloc(3072) })));
  await assert.rejects(readCifar(archive), /bad\.tar\.gz \(cifar-10-batches-bin\/data_batch_4\.bin\): 3072 bytes is not a positive multiple of 3,073/);

  const badLabel = cifarBatch(PER_BATCH, 1000);
  badLabel[0] = 200;
  await writeFile(archive, gzipSync(archiveOf({ ...members, 'test_batch.bin': badLabel })));
  await assert.rejects(readCifar(archive), /\(cifar-10-batches-bin\/test_batch\.bin\): record 0 has label 200, out of range 0–9/);

  await writeFile(archive, gzipSync(archiveOf({ ...members, 'data_batch_3.bin': cifarBatch(PER_BATCH + 1) })));
  await assert.rejects(readCifar(archive), /\(cifar-10-batches-bin\/data_batch_3\.bin\): 5 records where the other training batches hold 4; extract the archive/);

  await writeFile(archive, gzipSync(archiveOf(members, ['data_batch_1.bin', 'data_batch_1.bin'])));
  await assert.rejects(readCifar(archive), /holds data_batch_1\.bin twice/);
});
