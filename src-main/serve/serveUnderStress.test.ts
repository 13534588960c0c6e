// Serve mode as people and broken clients use it, over real sockets: a second
// tab works alongside the first; a bounded storm of connections that come and
// go (some mid-call) leaves the server up and no subscriptions behind; a
// message over the size cap closes only its own socket; a client that stops
// reading is cut off while the others keep receiving.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { startServeMode, type ServeModeHandle } from './startServeMode.js';
import { createRendererFixture, FakeWorkbenchApi, fakeRunSummary, type RendererFixture } from './testFixtures.js';

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

function open(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${serve.token}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends a call and resolves with its reply (other messages are skipped). */
function call(socket: WebSocket, id: string, method: string, args: unknown[] = []): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.id !== id) return;
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, args }));
  });
}

function statusEvent(runId: number) {
  const summary = fakeRunSummary(runId, `run ${runId}`);
  return { runId, status: summary.status, error: null, summary };
}

async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await delay(10);
  }
}

test('a second tab calls and receives events alongside the first', async () => {
  const [first, second] = await Promise.all([open(), open()]);
  const received: string[] = [];
  for (const [name, socket] of [['first', first], ['second', second]] as const) {
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { event?: string }).event === 'onRunStatus') received.push(name);
    });
    socket.send(JSON.stringify({ subscribe: 'onRunStatus' }));
  }
  await Promise.all([call(first, 'a', 'getAppInfo'), call(second, 'b', 'getAppInfo')]);
  api.emit('onRunStatus', statusEvent(1));
  await eventually(() => received.length === 2, 'both tabs receiving the event');
  assert.deepEqual(received.sort(), ['first', 'second']);
  first.close();
  await once(first, 'close');
  api.emit('onRunStatus', statusEvent(2));
  await eventually(() => received.length === 3, 'the second tab receiving after the first closed');
  assert.equal((await call(second, 'c', 'listRuns')).id, 'c');
  second.close();
  await once(second, 'close');
  await eventually(() => api.listenerCount('onRunStatus') === 0, 'subscriptions released');
});

test('a storm of 150 connections coming and going leaves the server answering and no subscription behind', async () => {
  const steady = await open();
  const before = api.listenerCount('onRunProgress');
  for (let wave = 0; wave < 15; wave++) {
    const sockets = await Promise.all(Array.from({ length: 10 }, open));
    sockets.forEach((socket, index) => {
      socket.send(JSON.stringify({ subscribe: 'onRunProgress' }));
      // Some leave mid-call (importDataset never answers in the fake), some are cut off without a close handshake.
      socket.send(JSON.stringify({ id: index, method: index % 2 ? 'importDataset' : 'listRuns', args: ['/somewhere'] }));
      if (index % 3 === 0) socket.terminate();
      else socket.close();
    });
    assert.equal((await call(steady, `wave-${wave}`, 'getAppInfo')).id, `wave-${wave}`, 'the steady client is answered during the storm');
  }
  await eventually(() => api.listenerCount('onRunProgress') === before, 'every stormed subscription released');
  steady.close();
});

test('a message over the size cap closes only its own socket', async () => {
  const [big, bystander] = await Promise.all([open(), open()]);
  const closed = once(big, 'close');
  big.send(JSON.stringify({ id: 1, method: 'renameRun', args: [1, 'x'.repeat(2 << 20)] }));
  const [code] = await closed;
  assert.equal(code, 1009);
  assert.equal((await call(bystander, 'after-big', 'listPresets')).id, 'after-big');
  bystander.close();
});

test('a client that stops reading is cut off; the others keep receiving every event', async () => {
  const [stalled, reader] = await Promise.all([open(), open()]);
  stalled.send(JSON.stringify({ subscribe: 'onRunStatus' }));
  reader.send(JSON.stringify({ subscribe: 'onRunStatus' }));
  await Promise.all([call(stalled, 's', 'getAppInfo'), call(reader, 'r', 'getAppInfo')]);
  // Stop reading: the socket's bytes pile up in the kernel, then in the server's buffer.
  (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
  let readerEvents = 0;
  reader.on('message', (data) => {
    if ((JSON.parse(String(data)) as { event?: string }).event === 'onRunStatus') readerEvents++;
  });
  const big = { ...statusEvent(3), error: 'e'.repeat(1 << 20) };
  let sent = 0;
  // The server's side of the cut: the stalled client's subscription is released (the client, paused, cannot tell).
  const cut = () => api.listenerCount('onRunStatus') === 1;
  assert.equal(api.listenerCount('onRunStatus'), 2);
  // Up to ~200 MB in 1 MB events: the server gives up on the stalled client at 64 MB of backlog.
  while (!cut() && sent < 200) {
    api.emit('onRunStatus', big);
    sent++;
    await delay(2);
  }
  assert.ok(cut(), `the stalled client was still connected after ${sent} MB`);
  assert.ok(sent > 40, `cut off after only ${sent} MB`);
  stalled.terminate();
  await eventually(() => readerEvents === sent, `the reader receiving all ${sent} events`, 20_000);
  assert.equal((await call(reader, 'after-stall', 'listPresets')).id, 'after-stall');
  reader.close();
});
