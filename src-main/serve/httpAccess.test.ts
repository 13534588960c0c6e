import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { startServeMode } from './startServeMode.js';
import type { ServeModeHandle } from './startServeMode.js';
import { createRendererFixture, FakeWorkbenchApi, SECRET_TEXT } from './testFixtures.js';
import type { RendererFixture } from './testFixtures.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let fixture: RendererFixture;
let serve: ServeModeHandle;

before(async () => {
  fixture = await createRendererFixture();
  serve = await startServeMode({ api: new FakeWorkbenchApi(), rendererDir: fixture.rendererDir });
});

after(async () => {
  await serve.close();
  await fixture.remove();
});

/** A raw request: the path goes out exactly as written, Host defaults to this server's. */
function send(path: string, headers: Record<string, string> = {}, method = 'GET', host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host, port: serve.port, path, method, headers: { Host: `127.0.0.1:${serve.port}`, ...headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${serve.token}`;

test('the URL names 127.0.0.1, the port and a 32-byte hex token', () => {
  assert.match(serve.token, /^[0-9a-f]{64}$/);
  assert.equal(serve.url, `http://127.0.0.1:${serve.port}/?token=${serve.token}`);
});

test('requests without the right token get 401 with what to do', async () => {
  for (const path of ['/', '/index.html', '/assets/app.js', `/?token=${'0'.repeat(64)}`, '/?token=']) {
    const reply = await send(path);
    assert.equal(reply.status, 401, path);
    assert.match(reply.body, /open the URL that `cnn-workbench serve` printed/);
    assert.ok(!reply.body.includes('CNN Workbench</title>'));
  }
  assert.equal((await send('/', { Authorization: `Bearer ${serve.token.slice(1)}x` })).status, 401);
  assert.equal((await send('/', { Cookie: `cnn-workbench-token-1=${serve.token}` })).status, 401, "another port's cookie");
});

test('the printed URL loads index.html with security headers, no caching and an HttpOnly SameSite=Strict cookie', async () => {
  const reply = await send(withToken('/'));
  assert.equal(reply.status, 200);
  assert.equal(reply.body, '<!doctype html><title>CNN Workbench</title>');
  assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(reply.headers['cache-control'], 'no-store');
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  const policy = String(reply.headers['content-security-policy']);
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${serve.port} ws://localhost:${serve.port}`,
  ]) {
    assert.ok(policy.split('; ').includes(directive), `CSP lacks ${directive}`);
  }
  assert.deepEqual(reply.headers['set-cookie'], [`cnn-workbench-token-${serve.port}=${serve.token}; Path=/; HttpOnly; SameSite=Strict`]);
});

test('the cookie and a Bearer header also authorise, and assets get their MIME types', async () => {
  const cookie = `cnn-workbench-token-${serve.port}=${serve.token}`;
  const script = await send('/assets/app.js', { Cookie: `theme=dark; ${cookie}` });
  assert.equal(script.status, 200);
  assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(script.headers['set-cookie'], undefined, 'the cookie is not set again');
  const style = await send('/assets/app.css', { Authorization: `Bearer ${serve.token}` });
  assert.equal(style.status, 200);
  assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(style.body, 'body {}');
});

test('a Host other than 127.0.0.1:PORT or localhost:PORT gets 403, even with the token', async () => {
  for (const host of ['evil.example', `evil.example:${serve.port}`, '127.0.0.1', `127.0.0.1:${serve.port + 1}`, `0.0.0.0:${serve.port}`]) {
    const reply = await send(withToken('/'), { Host: host });
    assert.equal(reply.status, 403, host);
    assert.ok(reply.headers['content-security-policy'], 'refusals carry the security headers too');
  }
  assert.equal((await send(withToken('/'), { Host: `localhost:${serve.port}` })).status, 200);
});

test('an Origin other than this server gets 403; a matching one is allowed', async () => {
  for (const origin of ['http://evil.example', `http://127.0.0.1:${serve.port + 1}`, `https://127.0.0.1:${serve.port}`, 'null']) {
    assert.equal((await send(withToken('/'), { Origin: origin })).status, 403, origin);
  }
  assert.equal((await send(withToken('/'), { Origin: `http://127.0.0.1:${serve.port}` })).status, 200);
  assert.equal((await send(withToken('/'), { Origin: `http://localhost:${serve.port}`, Host: `localhost:${serve.port}` })).status, 200);
});

test('nothing outside the renderer folder, no dotfile and no directory listing is served', async () => {
  for (const path of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/escape',
    '/.env',
    '/assets',
    '/assets/',
    '/%00index.html',
    '/missing.js',
  ]) {
    const reply = await send(withToken(path));
    assert.equal(reply.status, 404, path);
    assert.ok(!reply.body.includes(SECRET_TEXT), path);
  }
});

test('HEAD answers headers only; other methods get 405', async () => {
  const head = await send(withToken('/'), {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], String('<!doctype html><title>CNN Workbench</title>'.length));
  const post = await send(withToken('/'), {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('the server is not reachable on other interfaces', async (context) => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  if (!external) return context.skip('no non-loopback IPv4 interface on this machine');
  await assert.rejects(send(withToken('/'), {}, 'GET', external.address), { code: 'ECONNREFUSED' });
});

test('a missing renderer build is reported with the folder and what to do', async () => {
  await assert.rejects(startServeMode({ api: new FakeWorkbenchApi(), rendererDir: '/nonexistent/renderer' }), /\/nonexistent\/renderer.*vite build/);
});

test('a short token is refused at startup', async () => {
  await assert.rejects(startServeMode({ api: new FakeWorkbenchApi(), rendererDir: fixture.rendererDir, token: 'short' }), /at least 32 characters/);
});

test('after close() the port no longer answers', async () => {
  const other = await startServeMode({ api: new FakeWorkbenchApi(), rendererDir: fixture.rendererDir });
  await other.close();
  await other.close();
  await assert.rejects(
    new Promise((resolve, reject) => request({ host: '127.0.0.1', port: other.port, path: '/' }, resolve).on('error', reject).end()),
    { code: 'ECONNREFUSED' },
  );
});
