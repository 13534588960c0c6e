import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { gzipSync } from 'node:zlib';
import { openFileBytes } from './byteSource.js';
import { TarReader, type TarEntry } from './tar.js';
import { extractTar, UnsafeTarEntryError } from './tarExtract.js';
import { paxRecord, tarArchive, tempFolder, type TarFixtureEntry } from './testFixtures.js';

async function writeArchive(folder: string, name: string, entries: TarFixtureEntry[], gzip: boolean): Promise<string> {
  const path = join(folder, name);
  const tar = tarArchive(entries);
  await writeFile(path, gzip ? gzipSync(tar) : tar);
  return path;
}

async function listEntries(path: string): Promise<{ entry: TarEntry; body: string }[]> {
  const tar = new TarReader((await openFileBytes(path)).reader, path);
  const entries: { entry: TarEntry; body: string }[] = [];
  try {
    for (let entry = await tar.next(); entry; entry = await tar.next()) {
      entries.push({ entry, body: entry.type === 'file' ? (await tar.readSmallBody(4096)).toString() : '' });
    }
  } finally {
    await tar.close();
  }
  return entries;
}

const longName = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;

for (const gzip of [false, true]) {
  test(`reads ustar, prefix, pax, GNU long-name and base-256 entries (${gzip ? 'gzip' : 'plain'})`, async (t) => {
    const folder = await tempFolder(t);
    const archive = await writeArchive(
      folder,
      'mixed.tar',
      [
        { path: 'top/', type: '5' },
        { path: 'top/a.txt', data: Buffer.from('alpha') },
        { path: 'b.txt', prefix: 'deep/nested', data: Buffer.from('beta'.repeat(200)) },
        { path: 'PaxHeader', type: 'x', data: Buffer.from(paxRecord('path', 'pax/ünïcode name.txt')) },
        { path: 'truncated-in-header', data: Buffer.from('gamma') },
        { path: '././@LongLink', type: 'L', data: Buffer.from(`${longName}\0`) },
        { path: longName.slice(0, 99), data: Buffer.from('delta') },
        { path: 'big.bin', data: Buffer.from('epsilon'), base256Size: true },
        { path: 'link', type: '2', linkTarget: 'top/a.txt' },
      ],
      gzip,
    );
    const entries = await listEntries(archive);
    assert.deepEqual(
      entries.map(({ entry, body }) => [entry.path, entry.type, body]),
      [
        ['top/', 'directory', ''],
        ['top/a.txt', 'file', 'alpha'],
        ['deep/nested/b.txt', 'file', 'beta'.repeat(200)],
        ['pax/ünïcode name.txt', 'file', 'gamma'],
        [longName, 'file', 'delta'],
        ['big.bin', 'file', 'epsilon'],
        ['link', 'symlink', ''],
      ],
    );
    assert.equal(entries[6].entry.linkTarget, 'top/a.txt');
  });
}

test('a corrupt header fails its checksum, naming the archive and the offset', async (t) => {
  const folder = await tempFolder(t);
  const tar = tarArchive([{ path: 'a.txt', data: Buffer.from('x') }, { path: 'b.txt', data: Buffer.from('y') }]);
  tar[1024 + 3] ^= 0xff; // second header
  const path = join(folder, 'corrupt.tar');
  await writeFile(path, tar);
  await assert.rejects(listEntries(path), /corrupt\.tar: header checksum mismatch .* at byte 1024/);
});

test('oversized metadata headers are refused before they are read', async (t) => {
  const folder = await tempFolder(t);
  const path = join(folder, 'pax-bomb.tar');
  await writeFile(path, tarArchive([{ path: 'PaxHeader', type: 'x', data: Buffer.alloc(2 << 20, 0x20) }, { path: 'a.txt' }]));
  await assert.rejects(listEntries(path), /pax-bomb\.tar: a 2097152-byte entry where at most 1048576 are expected/);
});

test('an archive that ends inside an entry is reported as such', async (t) => {
  const folder = await tempFolder(t);
  const tar = tarArchive([{ path: 'a.bin', data: Buffer.alloc(2000, 1) }]);
  const path = join(folder, 'short.tar.gz');
  await writeFile(path, gzipSync(tar.subarray(0, 512 + 1000)));
  await assert.rejects(listEntries(path), /short\.tar\.gz: archive ends inside an entry/);
});

test('extracts files and folders, and only then shows the target folder', async (t) => {
  const folder = await tempFolder(t);
  const archive = await writeArchive(
    folder,
    'good.tar.gz',
    [
      { path: 'set/', type: '5' },
      { path: 'set/one.bin', data: Buffer.from([1, 2, 3]) },
      { path: './set/sub/two.txt', data: Buffer.from('two') },
    ],
    true,
  );
  const target = join(folder, 'out');
  const progress: number[] = [];
  const files = await extractTar(archive, target, (done) => progress.push(done));
  assert.deepEqual(files, ['set/one.bin', 'set/sub/two.txt']);
  assert.deepEqual([...(await readFile(join(target, 'set', 'one.bin')))], [1, 2, 3]);
  assert.equal(await readFile(join(target, 'set', 'sub', 'two.txt'), 'utf8'), 'two');
  assert.ok(progress.length > 0);
  assert.deepEqual((await readdir(folder)).sort(), ['good.tar.gz', 'out']);
  await assert.rejects(extractTar(archive, target), /already exists/);
});

test('entries escaping the target folder are refused and nothing is left behind', async (t) => {
  const folder = await tempFolder(t);
  const target = join(folder, 'inner', 'out');
  const escapes: [TarFixtureEntry, RegExp][] = [
    [{ path: '../evil.txt', data: Buffer.from('x') }, /"\.\.\/evil\.txt": its path escapes the target folder/],
    [{ path: 'ok/../../evil.txt', data: Buffer.from('x') }, /escapes the target folder/],
    [{ path: '/tmp/evil.txt', data: Buffer.from('x') }, /"\/tmp\/evil\.txt": it has an absolute path/],
    [{ path: 'C:\\evil.txt', data: Buffer.from('x') }, /absolute path/],
    [{ path: 'link', type: '2', linkTarget: '/etc/passwd' }, /"link": it is a symbolic link \(to "\/etc\/passwd"\)/],
    [{ path: 'hard', type: '1', linkTarget: '../outside' }, /"hard": it is a hard link/],
    [{ path: 'fifo', type: '6' }, /"fifo": it is not a regular file or directory/],
  ];
  for (const [entry, message] of escapes) {
    const archive = await writeArchive(folder, 'bad.tar', [{ path: 'fine.txt', data: Buffer.from('ok') }, entry], false);
    await assert.rejects(extractTar(archive, target), (error: Error) => {
      assert.ok(error instanceof UnsafeTarEntryError);
      assert.match(error.message, /bad\.tar: refusing to extract/);
      assert.match(error.message, message);
      return true;
    });
  }
  // The first, harmless entry was written to a staging folder that is gone again.
  assert.deepEqual(await readdir(folder), ['bad.tar', 'inner']);
  assert.deepEqual(await readdir(join(folder, 'inner')), []);
});
