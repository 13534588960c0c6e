// The renderer's serve-mode carrier (common/api/socketClient.ts) against the
// real server, with the `ws` package's WebSocket standing in for the browser's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { ApiError, createApiClient } from '../../common/api/contract.js';
import type { RunEpochEvent, RunStatusEvent } from '../../common/api/contract.js';
import { createSocketTransport } from '../../common/api/socketClient.js';
import type { ConnectionState, SocketTransport } from '../../common/api/socketClient.js';
import { startServeMode } from './startServeMode.js';
import type { ServeModeHandle } from './startServeMode.js';
import { createRendererFixture, FakeWorkbenchApi, fakeRunSummary } from './testFixtures.js';
import type { RendererFixture } from './testFixtures.js';

let fixture: RendererFixture;

before(async () => {
  fixture = await createRendererFixture();
});

after(async () => {
  await fixture.remove();
});

async function serveFake(port?: number, token?: string): Promise<{ api: FakeWorkbenchApi; serve: ServeModeHandle }> {
  const api = new FakeWorkbenchApi();
  const serve = await startServeMode({ api, port, token, rendererDir: fixture.rendererDir, onInternalError: () => {} });
  return { api, serve };
}

function transportTo(serve: ServeModeHandle, token = serve.token): SocketTransport {
  const url = `ws://127.0.0.1:${serve.port}/api?token=${token}`;
  return createSocketTransport({ url, WebSocketClass: WebSocket, initialRetryDelayMs: 20, maxRetryDelayMs: 100 });
}

function reach(transport: SocketTransport, wanted: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    const stop = transport.onStateChange((state) => {
      if (state === wanted) queueMicrotask(() => (stop(), resolve()));
    });
  });
}

const status: RunStatusEvent = { runId: 2, status: 'failed', error: 'diverged', summary: fakeRunSummary(2, 'b') };
const epoch: RunEpochEvent = {
  runId: 2,
  metrics: { epoch: 1, trainLoss: 1, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, learningRate: 0.01, durationMs: 5, imagesPerSecond: 9 },
};

test('calls made before the socket opens wait for it; results and ApiErrors come back as over IPC', async () => {
  const { api, serve } = await serveFake();
  const transport = transportTo(serve);
  const client = createApiClient(transport);
  assert.equal(transport.state, 'connecting');
  assert.deepEqual(await client.renameRun(3, 'deeper'), fakeRunSummary(3, 'deeper'));
  await assert.rejects(client.getRun(8), (error: unknown) => error instanceof ApiError && error.code === 'not-found' && error.message === 'There is no run 8.');
  await assert.rejects(client.deleteRun(8), (error: unknown) => error instanceof ApiError && error.code === 'internal');
  await client.listRuns(undefined);
  assert.deepEqual(api.calls.at(-1), { method: 'listRuns', args: [] }, 'an omitted optional argument stays omitted');
  transport.close();
  await serve.close();
});

test('events reach every listener; the server is subscribed once and released with the last listener', async () => {
  const { api, serve } = await serveFake();
  const transport = transportTo(serve);
  const client = createApiClient(transport);
  const first: RunStatusEvent[] = [];
  const second: RunStatusEvent[] = [];
  const stopFirst = client.onRunStatus((event) => first.push(event));
  const stopSecond = client.onRunStatus((event) => second.push(event));
  await client.getAppInfo();
  assert.equal(api.listenerCount('onRunStatus'), 1);

  api.emit('onRunStatus', status);
  await client.getAppInfo();
  assert.deepEqual([first, second], [[status], [status]]);

  stopFirst();
  await client.getAppInfo();
  assert.equal(api.listenerCount('onRunStatus'), 1);
  stopSecond();
  await client.getAppInfo();
  assert.equal(api.listenerCount('onRunStatus'), 0);
  transport.close();
  await serve.close();
});

test('a dropped connection rejects calls in flight, refuses new ones until it reconnects, then subscribes again', async () => {
  const first = await serveFake();
  const transport = transportTo(first.serve);
  const client = createApiClient(transport);
  const epochs: RunEpochEvent[] = [];
  client.onRunEpoch((event) => epochs.push(event));
  await client.getAppInfo();
  const inFlight = client.importDataset('/data/idx');

  await first.serve.close();
  await assert.rejects(inFlight, (error: unknown) => {
    return error instanceof ApiError && /Lost the connection .* before importDataset was answered\. It may or may not have taken effect/.test(error.message);
  });
  assert.equal(transport.state, 'disconnected');
  await assert.rejects(client.getAppInfo(), /Not connected to the workbench server, so getAppInfo could not be sent/);

  const second = await serveFake(first.serve.port, first.serve.token);
  await reach(transport, 'open');
  await client.getAppInfo();
  assert.equal(second.api.listenerCount('onRunEpoch'), 1);
  second.api.emit('onRunEpoch', epoch);
  await client.getAppInfo();
  assert.deepEqual(epochs, [epoch]);
  transport.close();
  await second.serve.close();
});

test('a refused connection fails the calls waiting for it and keeps retrying; close() stops it for good', async () => {
  const { serve } = await serveFake();
  const transport = transportTo(serve, 'a'.repeat(64));
  const client = createApiClient(transport);
  await assert.rejects(client.getAppInfo(), (error: unknown) => {
    return error instanceof ApiError && /before getAppInfo was answered\. Reconnecting/.test(error.message);
  });
  await reach(transport, 'connecting');
  transport.close();
  assert.equal(transport.state, 'closed');
  await assert.rejects(client.listPresets(), /The connection was closed; reload the page/);
  await serve.close();
});

test('close() rejects the calls in flight', async () => {
  const { serve } = await serveFake();
  const transport = transportTo(serve);
  const client = createApiClient(transport);
  await client.getAppInfo();
  const inFlight = client.importDataset('/data/cifar');
  transport.close();
  await assert.rejects(inFlight, /before importDataset was answered/);
  await serve.close();
});
