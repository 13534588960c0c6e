import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import type { RunProgressEvent } from '../../common/api/contract.js';
import { startServeMode } from './startServeMode.js';
import type { ServeModeHandle } from './startServeMode.js';
import { createRendererFixture, FakeWorkbenchApi, fakeRunSummary } from './testFixtures.js';
import type { RendererFixture } from './testFixtures.js';

let fixture: RendererFixture;
let api: FakeWorkbenchApi;
let serve: ServeModeHandle;

before(async () => {
  fixture = await createRendererFixture();
  api = new FakeWorkbenchApi();
  serve = await startServeMode({ api, rendererDir: fixture.rendererDir, onInternalError: () => {} });
});

after(async () => {
  await serve.close();
  await fixture.remove();
});

const socketUrl = (query = `?token=${serve.token}`, path = '/api') => `ws://127.0.0.1:${serve.port}${path}${query}`;

/** Opens a socket; a refused upgrade rejects with the HTTP status. */
function connect(url: string, options: ClientOptions = {}): Promise<Client> {
  const socket = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(new Client(socket)));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** A socket whose incoming messages queue up until a test takes them. */
class Client {
  readonly #received: unknown[] = [];
  readonly #waiting: ((message: unknown) => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message: unknown = JSON.parse(String(data));
      const waiter = this.#waiting.shift();
      if (waiter) waiter(message);
      else this.#received.push(message);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  next(): Promise<unknown> {
    if (this.#received.length > 0) return Promise.resolve(this.#received.shift());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Calls a method and returns the reply; everything sent before it has been handled by then. */
  async call(id: number, method: string, args: unknown): Promise<unknown> {
    this.send({ id, method, args });
    return this.next();
  }

  get unread(): number {
    return this.#received.length;
  }
}

const progress: RunProgressEvent = {
  runId: 4,
  phase: 'training',
  epoch: 1,
  epochs: 2,
  batch: 3,
  batches: 10,
  loss: 0.5,
  accuracy: 0.8,
  imagesPerSecond: 1000,
  etaSeconds: 12,
};

test('the upgrade without the right token gets 401', async () => {
  await assert.rejects(connect(socketUrl('')), /HTTP 401/);
  await assert.rejects(connect(socketUrl(`?token=${'f'.repeat(64)}`)), /HTTP 401/);
});

test('the upgrade with a foreign Origin or Host gets 403, and other paths 404', async () => {
  await assert.rejects(connect(socketUrl(), { origin: 'http://evil.example' }), /HTTP 403/);
  await assert.rejects(connect(socketUrl(), { headers: { Host: `evil.example:${serve.port}` } }), /HTTP 403/);
  await assert.rejects(connect(socketUrl(undefined, '/other')), /HTTP 404/);
});

test('a call round-trips with its id: results, ApiErrors with their code, internal errors without stacks', async () => {
  const client = await connect(socketUrl(), { origin: `http://127.0.0.1:${serve.port}` });
  assert.deepEqual(await client.call(1, 'renameRun', [5, 'wider']), { id: 1, result: fakeRunSummary(5, 'wider') });
  assert.deepEqual(await client.call(2, 'getRun', [9]), { id: 2, error: { code: 'not-found', message: 'There is no run 9.' } });
  assert.deepEqual(await client.call(3, 'deleteRun', [5]), { id: 3, error: { code: 'internal', message: 'database is locked (run 5)' } });
  assert.deepEqual(await client.call(4, 'pauseRun', [5]), { id: 4 }, 'a void result arrives as a reply without result');
  const refused = await client.call(5, 'constructor', []);
  assert.deepEqual(refused, { id: 5, error: { code: 'invalid-argument', message: '"constructor" is not a method of the workbench API.' } });
  assert.deepEqual(await client.call(6, 'getRun', 9), {
    id: 6,
    error: { code: 'invalid-argument', message: 'The arguments of getRun must be an array.' },
  });
  client.socket.close();
});

test('malformed messages are answered with id null and the socket stays usable', async () => {
  const client = await connect(socketUrl());
  for (const message of ['not json', '[1, 2]', '{"hello": 1}', '{"method": "getAppInfo", "args": []}', '{"subscribe": "onEverything"}']) {
    client.send(message);
    const reply = (await client.next()) as { id: unknown; error: { code: string } };
    assert.equal(reply.id, null, message);
    assert.equal(reply.error.code, 'invalid-argument', message);
  }
  const info = (await client.call(7, 'getAppInfo', [])) as { result: { carrier: string } };
  assert.equal(info.result.carrier, 'serve');
  client.socket.close();
});

test('events reach only the sockets that subscribed, until they unsubscribe or leave', async () => {
  const subscriber = await connect(socketUrl());
  const bystander = await connect(socketUrl());
  subscriber.send({ subscribe: 'onRunProgress' });
  subscriber.send({ subscribe: 'onRunProgress' });
  await subscriber.call(1, 'getAppInfo', []);
  assert.equal(api.listenerCount('onRunProgress'), 1, 'a repeated subscribe does not double delivery');

  api.emit('onRunProgress', progress);
  assert.deepEqual(await subscriber.next(), { event: 'onRunProgress', payload: progress });
  await bystander.call(1, 'getAppInfo', []);
  assert.equal(bystander.unread, 0);

  subscriber.send({ unsubscribe: 'onRunProgress' });
  await subscriber.call(2, 'getAppInfo', []);
  assert.equal(api.listenerCount('onRunProgress'), 0);
  api.emit('onRunProgress', progress);
  await subscriber.call(3, 'getAppInfo', []);
  assert.equal(subscriber.unread, 0);

  subscriber.send({ subscribe: 'onRunStatus' });
  await subscriber.call(4, 'getAppInfo', []);
  assert.equal(api.listenerCount('onRunStatus'), 1);
  subscriber.socket.close();
  await once(subscriber.socket, 'close');
  await bystander.call(2, 'getAppInfo', []);
  assert.equal(api.listenerCount('onRunStatus'), 0, 'a closed socket releases its subscriptions');
  bystander.socket.close();
});

test('a message over the size limit closes the socket with 1009', async () => {
  const client = await connect(socketUrl());
  client.send({ id: 1, method: 'renameRun', args: [1, 'x'.repeat(2 << 20)] });
  const [code] = (await once(client.socket, 'close')) as [number];
  assert.equal(code, 1009);
});

test('close() ends open sockets with 1001', async () => {
  const other = await startServeMode({ api: new FakeWorkbenchApi(), rendererDir: fixture.rendererDir });
  const client = await connect(`ws://127.0.0.1:${other.port}/api?token=${other.token}`);
  const closed = once(client.socket, 'close');
  await other.close();
  const [code] = (await closed) as [number];
  assert.equal(code, 1001);
});
