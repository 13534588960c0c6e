// Downloads are tested against a local HTTP server on 127.0.0.1 serving a
// small generated archive: there is no internet here, and tests must not need it.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { DatasetProgress } from '../../common/datasets.js';
import { readCifar } from './cifar.js';
import { CIFAR10_ENV_VAR, findLocalCifar10, locateCifar10 } from './cifarLocation.js';
import { downloadFile } from './download.js';
import { cifarMembers, tarArchive, tempFolder } from './testFixtures.js';

type Behaviour = 'ok' | 'cut' | 'missing' | 'no-length';

interface TestServer {
  url: (path: string) => string;
  requests: string[];
}

/** Serves `body` at /archive.tar.gz; other paths misbehave as their names say. */
async function serve(t: TestContext, body: Buffer): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const behaviour = (request.url?.split('/')[1] ?? 'ok') as Behaviour;
    if (behaviour === 'missing') return void response.writeHead(404).end('not here');
    if (behaviour === 'no-length') return void response.writeHead(200).end(body);
    response.writeHead(200, { 'Content-Length': body.length });
    // A connection dropped half-way, after the headers promised the whole file.
    if (behaviour === 'cut') return void response.write(body.subarray(0, body.length >> 1), () => response.destroy());
    // Written in pieces so that progress has something to report.
    for (let at = 0; at < body.length; at += 4096) response.write(body.subarray(at, at + 4096));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}/${path}`, requests };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const archive = gzipSync(tarArchive(Object.entries(cifarMembers(20)).map(([name, data]) => ({ path: `cifar-10-batches-bin/${name}`, data }))));

test('downloads with progress, verifies size and SHA-256, then renames into place', async (t) => {
  const folder = await tempFolder(t);
  const body = randomBytes(1 << 20);
  const server = await serve(t, body);
  const destination = join(folder, 'cache', 'archive.tar.gz');
  const events: DatasetProgress[] = [];
  const remote = { url: server.url('ok/archive.tar.gz'), size: body.length, sha256: sha256(body) };
  await downloadFile(remote, destination, { onProgress: (p) => events.push(p) });
  assert.deepEqual(await readFile(destination), body);
  assert.deepEqual(await readdir(join(folder, 'cache')), ['archive.tar.gz'], 'no partial file remains');
  assert.ok(events.some((e) => e.doneBytes < body.length), 'progress before the end');
  assert.ok(events.length <= 101, 'at most one event per percent, plus the last');
  assert.ok(events.every((e) => e.phase === 'download' && e.totalBytes === body.length));
  assert.ok(events.every((e, i) => i === 0 || e.doneBytes > events[i - 1].doneBytes), 'progress only grows');
  assert.equal(events.at(-1)!.doneBytes, body.length);
});

test('without a known size, the Content-Length is the total; without either, progress has no total', async (t) => {
  const folder = await tempFolder(t);
  const server = await serve(t, archive);
  const events: DatasetProgress[] = [];
  await downloadFile({ url: server.url('no-length/a') }, join(folder, 'a'), { onProgress: (p) => events.push(p) });
  assert.deepEqual(await readFile(join(folder, 'a')), archive);
  assert.equal(events.at(-1)!.totalBytes, null);
  assert.equal(events.at(-1)!.doneBytes, archive.length);
});

test('a failed download leaves nothing behind, not even a partial file', async (t) => {
  const folder = await tempFolder(t);
  const server = await serve(t, archive);
  const destination = join(folder, 'archive.tar.gz');
  const failures: [string, Partial<{ size: number; sha256: string }>, RegExp][] = [
    ['cut/a', {}, /Downloading http:\/\/127\.0\.0\.1:\d+\/cut\/a failed/],
    ['missing/a', {}, /failed: the server answered 404/],
    ['ok/a', { size: archive.length + 1 }, /announces \d+ bytes where \d+ are expected/],
    ['no-length/a', { size: archive.length - 1 }, /received more than the expected/],
    ['no-length/a', { size: archive.length + 1 }, /received \d+ of \d+ bytes/],
    ['ok/a', { sha256: '0'.repeat(64) }, /SHA-256 is [0-9a-f]{64} where 0{64} is expected/],
  ];
  for (const [path, expectations, message] of failures) {
    await assert.rejects(downloadFile({ url: server.url(path), ...expectations }, destination), message);
    assert.deepEqual(await readdir(folder), [], `after ${path}`);
  }
});

test('CIFAR-10 resolution order: explicit path, environment, shared copy, cache, download', async (t) => {
  const folder = await tempFolder(t);
  const explicit = join(folder, 'explicit.tar.gz');
  const fromEnv = join(folder, 'env.tar.gz');
  const shared = join(folder, 'shared.tar.gz');
  const cacheDir = join(folder, 'cache');
  for (const path of [explicit, fromEnv, shared]) await writeFile(path, archive);
  const env = { [CIFAR10_ENV_VAR]: fromEnv };

  assert.deepEqual(await findLocalCifar10({ explicitPath: explicit, env, sharedCopy: shared, cacheDir }), { path: explicit, origin: 'explicit' });
  assert.deepEqual(await findLocalCifar10({ env, sharedCopy: shared, cacheDir }), { path: fromEnv, origin: 'env' });
  assert.deepEqual(await findLocalCifar10({ env: {}, sharedCopy: shared, cacheDir }), { path: shared, origin: 'shared' });
  assert.equal(await findLocalCifar10({ env: {}, sharedCopy: null, cacheDir }), null);
  await mkdir(join(cacheDir, 'cifar10'), { recursive: true });
  assert.deepEqual(await findLocalCifar10({ env: {}, sharedCopy: shared, cacheDir }), { path: shared, origin: 'shared' });
  assert.deepEqual(await findLocalCifar10({ env: {}, sharedCopy: null, cacheDir }), { path: join(cacheDir, 'cifar10'), origin: 'cache' });

  const missing = join(folder, 'nope');
  await assert.rejects(findLocalCifar10({ explicitPath: missing, env }), /CIFAR-10 path .*nope does not exist/);
  await assert.rejects(findLocalCifar10({ env: { [CIFAR10_ENV_VAR]: missing } }), /CNN_WORKBENCH_CIFAR10 points to .*nope, which does not exist/);
});

test('with no local copy, downloads into the cache, extracts, and reuses the cache next time', async (t) => {
  const folder = await tempFolder(t);
  const server = await serve(t, archive);
  const cacheDir = join(folder, 'cache');
  const phases = new Set<string>();
  const options = {
    env: {},
    sharedCopy: null,
    cacheDir,
    remote: { url: server.url('ok/cifar-10-binary.tar.gz'), size: archive.length, sha256: sha256(archive) },
    onProgress: (p: DatasetProgress) => phases.add(p.phase),
  };
  const first = await locateCifar10(options);
  assert.deepEqual(first, { path: join(cacheDir, 'cifar10'), origin: 'download' });
  assert.deepEqual([...phases].sort(), ['download', 'extract']);
  assert.deepEqual(await readdir(cacheDir), ['cifar10'], 'the archive is removed once extracted');
  const data = await readCifar(first.path, { trainLimit: 30 });
  assert.equal(data.train.count, 30);

  const second = await locateCifar10(options);
  assert.deepEqual(second, { path: join(cacheDir, 'cifar10'), origin: 'cache' });
  assert.equal(server.requests.length, 1, 'the second call did not download');
});

test('a failed download leaves the cache as it was', async (t) => {
  const folder = await tempFolder(t);
  const server = await serve(t, archive);
  const cacheDir = join(folder, 'cache');
  const options = { env: {}, sharedCopy: null, cacheDir, remote: { url: server.url('cut/cifar-10-binary.tar.gz') } };
  await assert.rejects(locateCifar10(options), /failed/);
  assert.deepEqual(await readdir(cacheDir), []);
  assert.equal(await findLocalCifar10(options), null);
});
