import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { encodeFixture, zipArchive } from './imageFolder/imageFixtures.js';
import { tempFolder } from './testFixtures.js';
import { unzipDataset } from './zipArchive.js';

test('a zip of class folders unpacks into its single top folder; links and __MACOSX are left out', async (t) => {
  const folder = await tempFolder(t);
  const png = await encodeFixture(4, 4, [200, 10, 10], 0, 'png');
  await writeFile(
    join(folder, 'pets.zip'),
    zipArchive([
      { name: 'pets/' },
      { name: 'pets/cat/' },
      { name: 'pets/cat/кот 1.png', data: png },
      { name: 'pets/dog/d.png', data: png },
      { name: 'pets/dog/link.png', data: Buffer.from('/etc/passwd'), symlink: true },
      { name: '__MACOSX/pets/cat/._kot.png', data: Buffer.from('resource fork') },
    ]),
  );
  const unzipped = await unzipDataset(join(folder, 'pets.zip'), join(folder, 'out'));
  assert.equal(unzipped.root, join(folder, 'out', 'pets'));
  assert.deepEqual([unzipped.files, unzipped.bytes], [2, 2 * png.length]);
  assert.deepEqual(await readFile(join(unzipped.root, 'cat', 'кот 1.png')), png);
  assert.deepEqual((await readdir(join(unzipped.root, 'dog'))).sort(), ['d.png']);
  assert.ok(!existsSync(join(folder, 'out', '__MACOSX')));
});

test('entries that climb out of the folder, oversized contents and non-zips are refused', async (t) => {
  const folder = await tempFolder(t);
  await writeFile(join(folder, 'evil.zip'), zipArchive([{ name: 'ok/a.png', data: Buffer.from('a') }, { name: '../../evil.png', data: Buffer.from('x') }]));
  await assert.rejects(unzipDataset(join(folder, 'evil.zip'), join(folder, 'out')), /evil\.zip: invalid relative path: \.\.\/\.\.\/evil\.png/);
  assert.ok(!existsSync(join(folder, '..', 'evil.png')));
  await writeFile(join(folder, 'big.zip'), zipArchive([{ name: 'a/b.png', data: Buffer.alloc(2000) }]));
  await assert.rejects(unzipDataset(join(folder, 'big.zip'), join(folder, 'big'), { maxBytes: 1000 }), /big\.zip unpacks to more than 1 kB; unpack it yourself and import the folder/);
  await writeFile(join(folder, 'text.zip'), 'not a zip');
  await assert.rejects(unzipDataset(join(folder, 'text.zip'), join(folder, 't')), /text\.zip is not a readable \.zip archive/);
});
