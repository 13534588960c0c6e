// Dataset files found by machine: random bytes and valid files with random
// bytes changed, cut short or grown, fed to the IDX, CIFAR-10 (folder and
// archive) and tar readers. Each must either read the file consistently or
// reject it with its own format error naming the file; never crash with
// something else, never hang, never allocate from a lying header.

import assert from 'node:assert/strict';
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { propertySettings, within } from '../testing/propertyRuns.js';
import { openFileBytes } from './byteSource.js';
import { readCifar } from './cifar.js';
import { CifarFormatError, CIFAR_RECORD_BYTES } from './cifarFormat.js';
import { IdxFormatError, readIdxPair } from './idx.js';
import { TarFormatError, TarReader } from './tar.js';
import { cifarBatch, cifarMembers, idxFile, idxImages, idxLabels, tarArchive, tempFolder } from './testFixtures.js';

const CASE_MS = 5_000;

/** A change to a valid file: overwrite some bytes, cut it, or append to it. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 600 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(original: Buffer, changes: Mutation[]): Buffer {
  let data = Buffer.from(original);
  for (const change of changes) {
    if (change.kind === 'overwrite' && data.length > 0) {
      const at = change.at % data.length;
      data.set(change.bytes.subarray(0, data.length - at), at);
    } else if (change.kind === 'truncate') {
      data = data.subarray(0, data.length === 0 ? 0 : change.at % data.length);
    } else if (change.kind === 'append') {
      data = Buffer.concat([data, change.bytes]);
    }
  }
  return data;
}

/** Either the reader's own error class with the file's path in the message, or success. */
function assertClearRejection(error: unknown, kinds: (new (...args: never[]) => Error)[], path: string): void {
  assert.ok(
    kinds.some((kind) => error instanceof kind),
    `expected ${kinds.map((k) => k.name).join(' or ')}, got ${(error as Error)?.name}: ${(error as Error)?.message}\n${(error as Error)?.stack}`,
  );
  assert.ok((error as Error).message.includes(path), `the message names the file: ${(error as Error).message}`);
}

test('IDX pairs: mutated headers and bodies are read consistently or refused with IdxFormatError naming the file', async (t) => {
  const folder = await tempFolder(t);
  const imagesPath = join(folder, 'images-idx3-ubyte');
  const labelsPath = join(folder, 'labels-idx1-ubyte');
  const images = idxImages(6, 4, 5);
  const labels = idxLabels([0, 1, 2, 3, 4, 5]);
  await fc.assert(
    fc.asyncProperty(
      fc.array(mutation, { maxLength: 3 }),
      fc.array(mutation, { maxLength: 2 }),
      fc.boolean(),
      async (imageChanges, labelChanges, gzip) => {
        const imageBytes = mutate(images, imageChanges);
        await writeFile(imagesPath, gzip ? gzipSync(imageBytes) : imageBytes);
        await writeFile(labelsPath, mutate(labels, labelChanges));
        try {
          const read = await within(CASE_MS, 'readIdxPair', readIdxPair(imagesPath, labelsPath, { classCount: 256 }));
          assert.equal(read.set.images.length, read.set.count * read.height * read.width);
          assert.equal(read.set.labels.length, read.set.count);
        } catch (error) {
          assertClearRejection(error, [IdxFormatError], folder);
        }
      },
    ),
    propertySettings(t, 150),
  );
});

test('IDX headers that claim huge sizes are refused before anything is allocated', async (t) => {
  const folder = await tempFolder(t);
  const imagesPath = join(folder, 'images');
  const labelsPath = join(folder, 'labels');
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 0, maxLength: 5 }), fc.integer({ min: 0, max: 255 }), async (dims, typeCode) => {
      await writeFile(imagesPath, idxFile(dims, new Uint8Array(16), typeCode));
      await writeFile(labelsPath, idxLabels([1, 2]));
      const before = process.memoryUsage().arrayBuffers;
      try {
        await within(CASE_MS, 'readIdxPair', readIdxPair(imagesPath, labelsPath));
      } catch (error) {
        assertClearRejection(error, [IdxFormatError], folder);
      }
      assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'no allocation sized by a lying header');
    }),
    propertySettings(t, 150),
  );
});

test('CIFAR-10 folders: mutated batches and class names are read consistently or refused with CifarFormatError', async (t) => {
  const folder = await tempFolder(t);
  const members = cifarMembers(3);
  const names = Object.keys(members);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...names), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (victim, changes) => {
      const dataset = join(folder, 'set');
      await rm(dataset, { recursive: true, force: true });
      await mkdir(dataset);
      for (const [name, data] of Object.entries(members)) await writeFile(join(dataset, name), name === victim ? mutate(data, changes) : data);
      try {
        const read = await within(CASE_MS, 'readCifar', readCifar(dataset));
        assert.equal(read.train.images.length, read.train.count * 3072);
        assert.ok(read.train.labels.every((label) => label < read.classNames.length));
      } catch (error) {
        assertClearRejection(error, [CifarFormatError], dataset);
      }
    }),
    propertySettings(t, 80),
  );
});

test('tar archives: mutated headers, sizes and bodies end in entries or TarFormatError, and CIFAR archives likewise', async (t) => {
  const folder = await tempFolder(t);
  const archive = tarArchive([
    { path: 'cifar-10-batches-bin/', type: '5' },
    ...Object.entries(cifarMembers(2)).map(([name, data]) => ({ path: `cifar-10-batches-bin/${name}`, data })),
    { path: 'link', type: '2', linkTarget: 'elsewhere' },
  ]);
  const path = join(folder, 'archive.tar');
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (changes, gzip) => {
      const bytes = mutate(archive, changes);
      await writeFile(path, gzip ? gzipSync(bytes) : bytes);
      const tar = new TarReader((await openFileBytes(path, undefined, (message) => new TarFormatError(message))).reader, path);
      try {
        await within(
          CASE_MS,
          'TarReader',
          (async () => {
            for (let entry = await tar.next(); entry; entry = await tar.next()) {
              assert.ok(entry.size >= 0 && Number.isSafeInteger(entry.size));
              if (entry.type === 'file' && entry.size <= 4096) await tar.readSmallBody(4096);
            }
          })(),
        );
      } catch (error) {
        assertClearRejection(error, [TarFormatError], path);
      } finally {
        await tar.close();
      }
      try {
        const read = await within(CASE_MS, 'readCifar', readCifar(path));
        assert.equal(read.test.images.length, read.test.count * 3072);
      } catch (error) {
        assertClearRejection(error, [CifarFormatError, TarFormatError], path);
      }
    }),
    propertySettings(t, 120),
  );
});

test('a file that is not gzip but starts with its magic bytes is refused with the format’s own error (property seed 262212912)', async (t) => {
  const folder = await tempFolder(t);
  const images = join(folder, 'images');
  const labels = join(folder, 'labels');
  const fakeGzip = Buffer.from([0x1f, 0x8b, 0xac, 0x72, 0xf4, 0x00]);
  await writeFile(images, idxImages(6, 4, 5));
  await writeFile(labels, fakeGzip);
  await assert.rejects(readIdxPair(images, labels), (error: Error) => {
    assertClearRejection(error, [IdxFormatError], labels);
    return /gzip data is (corrupt|truncated)/.test(error.message);
  });
  const archive = join(folder, 'archive.tar');
  await writeFile(archive, Buffer.concat([fakeGzip, Buffer.alloc(1024)]));
  await assert.rejects(readCifar(archive), (error: Error) => {
    assertClearRejection(error, [CifarFormatError, TarFormatError], archive);
    return /gzip data is (corrupt|truncated)/.test(error.message);
  });
});

test('pure noise is refused by every reader', async (t) => {
  const folder = await tempFolder(t);
  const path = join(folder, 'noise');
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2 * CIFAR_RECORD_BYTES }), async (noise) => {
      await writeFile(path, noise);
      for (const read of [(): Promise<unknown> => readIdxPair(path, path), (): Promise<unknown> => readCifar(path)]) {
        try {
          await within(CASE_MS, 'reader', read());
        } catch (error) {
          assertClearRejection(error, [IdxFormatError, CifarFormatError, TarFormatError], path);
        }
      }
    }),
    propertySettings(t, 100),
  );
  assert.ok(cifarBatch(1).length === CIFAR_RECORD_BYTES);
});
