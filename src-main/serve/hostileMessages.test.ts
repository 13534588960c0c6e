// Every kind of WebSocket message serve mode accepts, found by machine and
// sent to the real workbench service over a real socket: calls to every API
// method (and to names that are not methods) with random arguments, including
// `__proto__` keys, deep nesting and huge numbers; subscriptions to events
// and to nonsense; and text that is not JSON at all. Each call must be
// answered within 5 s by its id, with a result or an error that says what was
// wrong (never `internal`); the server must stay up and Object.prototype must
// stay clean. Replay with CNN_WORKBENCH_PROPERTY_SEED.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { API_EVENTS, API_METHODS } from '../../common/api/contract.js';
import { createWorkbenchService, type WorkbenchService } from '../api/workbenchService.js';
import { assertPrototypeClean, jsonText, propertySettings, within } from '../testing/propertyRuns.js';
import { startServeMode, type ServeModeHandle } from './startServeMode.js';
import { createRendererFixture, type RendererFixture } from './testFixtures.js';

const REPLY_MS = 5_000;

let folder: string;
let fixture: RendererFixture;
let service: WorkbenchService;
let serve: ServeModeHandle;
const internalErrors: string[] = [];

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-hostile-'));
  // Relative paths in random arguments (an import of ".", say) land in this empty folder, not the project.
  process.chdir(folder);
  fixture = await createRendererFixture();
  service = await createWorkbenchService({ databasePath: join(folder, 'runs.sqlite'), carrier: 'serve' });
  serve = await startServeMode({
    api: service.api,
    rendererDir: fixture.rendererDir,
    onInternalError: (method, error) => internalErrors.push(`${method}: ${(error as Error)?.stack ?? String(error)}`),
  });
});

after(async () => {
  await serve.close();
  await service.close();
  await fixture.remove();
  await rm(folder, { recursive: true, force: true });
});

interface Reply {
  id: unknown;
  result?: unknown;
  error?: { code: string; message: string };
}

/** A socket that files replies by id; events and id-less replies go to a list. */
class Socket {
  readonly replies = new Map<string, Reply>();
  readonly others: unknown[] = [];
  private readonly waiters = new Map<string, (reply: Reply) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply & { event?: string };
      const key = message.id === undefined || message.id === null ? null : JSON.stringify(message.id);
      if (key === null) {
        this.others.push(message);
        return;
      }
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.waiters.delete(key);
        waiter(message);
      } else this.replies.set(key, message);
    });
  }

  static open(): Promise<Socket> {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${serve.token}`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Socket(socket)));
      socket.once('error', reject);
    });
  }

  reply(id: unknown): Promise<Reply> {
    const key = JSON.stringify(id);
    const ready = this.replies.get(key);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.set(key, resolve));
  }
}

let nextId = 1;

/** Arguments as JSON text: random JSON, attacker keys as real own keys, deep nesting, huge numbers. */
const hostileValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('1e308', '-1e308', '9007199254740993', '-0', '0', '1', '-1', '4294967297', '0.5', 'null', 'true', '""', '"mnist"', '"cifar10"'),
    fc.integer({ min: 60, max: 20_000 }).map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`),
    fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'name', 'status', 'search', 'architecture', 'hyperparameters', 'datasetId', 'limit', 'offset'), tie('value')), { maxLength: 4 }).map(jsonText),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
  ),
})).value;

const callMessage = fc.record({
  method: fc.oneof(fc.constantFrom(...API_METHODS), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'close'), fc.string({ maxLength: 12 })),
  args: fc.oneof({ weight: 5, arbitrary: fc.array(hostileValue, { maxLength: 4 }).map((items) => `[${items.join(',')}]`) }, hostileValue),
});

test('calls to every method with hostile arguments are answered by id with a clear result or error', async (t) => {
  const client = await Socket.open();
  t.after(() => client.socket.close());
  await fc.assert(
    fc.asyncProperty(callMessage, async ({ method, args }) => {
      const id = nextId++;
      client.socket.send(`{"id":${id},"method":${JSON.stringify(method)},"args":${args}}`);
      const reply = await within(REPLY_MS, `the reply to ${method}`, client.reply(id));
      if (reply.error) {
        assert.notEqual(reply.error.code, 'internal', `${method}(${args.slice(0, 200)}) failed unexpectedly: ${reply.error.message}\n${internalErrors.at(-1) ?? ''}`);
        assert.ok(reply.error.message.length > 0 && reply.error.message.length < 20_000, `${method}: ${reply.error.message.slice(0, 300)}`);
      } else {
        assert.ok(Object.hasOwn(reply, 'result'), JSON.stringify(reply).slice(0, 300));
      }
      assertPrototypeClean();
    }),
    propertySettings(t, 400),
  );
  const alive = await within(REPLY_MS, 'getAppInfo', (client.socket.send(JSON.stringify({ id: 'still-there', method: 'getAppInfo', args: [] })), client.reply('still-there')));
  assert.equal((alive.result as { carrier: string }).carrier, 'serve');
});

test('subscriptions, malformed messages and non-JSON text are answered or ignored, never fatal', async (t) => {
  const client = await Socket.open();
  t.after(() => client.socket.close());
  const message = fc.oneof(
    fc.record({ kind: fc.constantFrom('subscribe', 'unsubscribe'), event: fc.oneof(fc.constantFrom(...API_EVENTS), fc.string({ maxLength: 10 }), fc.constant('__proto__')) }).map(
      ({ kind, event }) => jsonText([[kind, JSON.stringify(event)]]),
    ),
    hostileValue,
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', '{', '{"id":', '{"id":1}', '{"method":"getAppInfo"}', '{"id":{},"method":"getAppInfo","args":[]}', '{"id":"' + 'x'.repeat(200) + '","method":"getAppInfo","args":[]}'),
  );
  await fc.assert(
    fc.asyncProperty(message, async (text) => {
      const probe = `probe-${nextId++}`;
      client.socket.send(text);
      client.socket.send(JSON.stringify({ id: probe, method: 'listPresets', args: [] }));
      const reply = await within(REPLY_MS, 'the probe after a hostile message', client.reply(probe));
      assert.ok(Array.isArray(reply.result), 'the socket still answers');
      for (const other of client.others.splice(0)) {
        const { id, error, event } = other as Reply & { event?: string };
        if (event !== undefined) continue;
        assert.equal(id, null);
        assert.equal(error?.code, 'invalid-argument', JSON.stringify(other).slice(0, 300));
      }
      assertPrototypeClean();
    }),
    propertySettings(t, 300),
  );
  assert.deepEqual(internalErrors, [], 'no unexpected failure reached the log');
});
