// `cnn-workbench datasets` and `train --data` on a folder of pictures, as
// real processes over a temporary database.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from '../../common/arch/spec.js';
import { parseDatasetId } from '../../common/datasets.js';
import { writeClassFolders } from '../datasets/imageFolder/imageFixtures.js';

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-datasets-cli-'));
const db = join(dir, 'runs.sqlite');
test.after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CNN_WORKBENCH_DB: db } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('datasets import, list, show and delete a folder of pictures; train --data reuses the decoded copy', async () => {
  const folder = join(dir, 'colours');
  await writeClassFolders(folder, ['red', 'green', 'blue'], { perClass: 10 });
  writeFileSync(join(folder, 'red', 'readme.txt'), 'not a picture');

  const imported = cli('datasets', 'import', folder, '--size', '8', '--channels', '1', '--json');
  assert.equal(imported.code, 0, imported.stderr);
  const info = JSON.parse(imported.stdout.trim().split('\n').at(-1) ?? '');
  assert.deepEqual(info.classNames, ['blue', 'green', 'red']);
  assert.deepEqual([info.channels, info.height, info.width, info.trainCount, info.testCount], [1, 8, 8, 24, 6]);
  const cacheFile = parseDatasetId(info.id).kind === 'images' ? (parseDatasetId(info.id) as { cacheFile: string }).cacheFile : '';
  assert.ok(cacheFile.startsWith(join(dir, 'datasets', 'images')), `the decoded copy sits beside the database: ${cacheFile}`);
  const writtenAt = statSync(cacheFile).mtimeMs;

  const listed = cli('datasets', 'list');
  assert.match(listed.stdout, /colours\s+1×8×8\s+3\s+24\s+6/);
  const shown = cli('datasets', 'show', 'colours');
  assert.match(shown.stdout, /red: 8 train, 0 validation, 2 test/);
  assert.match(shown.stdout, /red\/readme\.txt\s+not an image file \(\.txt\)/);

  const architecture = {
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: 'tiny',
    input: { channels: 1, height: 8, width: 8 },
    layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }],
  };
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(architecture));
  const trained = cli('train', '--arch', join(dir, 'tiny.json'), '--data', folder, '--epochs', '1', '--batch-size', '8', '--workers', '1', '--json');
  assert.equal(trained.code, 0, trained.stderr);
  assert.equal(JSON.parse(trained.stdout.trim().split('\n').at(-1) ?? '').perClass.length, 3);
  assert.equal(statSync(cacheFile).mtimeMs, writtenAt, 'the decoded copy was reused, not written again');
  assert.match(trained.stderr, /colours: 3 classes at 1×8×8, 1 files skipped/);

  const deleted = cli('datasets', 'delete', 'colours');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.ok(!existsSync(cacheFile));
  assert.match(cli('runs', 'list').stdout, /colours/, 'the run stays');
});

test('bad datasets commands exit with the reason', () => {
  assert.equal(cli('datasets', 'import', join(dir, 'missing')).code, 1);
  assert.match(cli('datasets', 'import', join(dir, 'missing')).stderr, /missing does not exist or cannot be read \(ENOENT\)/);
  const tooSmall = cli('datasets', 'import', dir, '--size', '2');
  assert.equal(tooSmall.code, 2);
  assert.match(tooSmall.stderr, /--size must be N or HxW with sides from 4 to 512 pixels, got "2"/);
  assert.match(cli('datasets', 'show', 'nothing').stderr, /no dataset has the id or name "nothing"/);
  assert.match(cli('datasets', 'delete', 'mnist').stderr, /mnist is built in and cannot be deleted/);
  assert.equal(cli('datasets', 'list', '--size', '8').code, 2);
});
