import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, API_EVENTS, type WorkbenchApi } from '../../common/api/contract.js';
import { createApiDispatcher } from '../api/dispatch.js';
import { createInvokeHandler, forwardApiEvents, UntrustedSenderError } from './ipcBridge.js';
import { eventChannel } from './ipcChannels.js';

function fakeApi() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>(API_EVENTS.map((event) => [event, new Set()]));
  const subscription = (event: string) => (listener: (payload: unknown) => void) => {
    listeners.get(event)!.add(listener);
    return () => {
      listeners.get(event)!.delete(listener);
    };
  };
  const calls: unknown[][] = [];
  const api = {
    async getRun(runId: number) {
      calls.push(['getRun', runId]);
      if (runId === 404) throw new ApiError('not-found', 'There is no run 404.');
      return { id: runId };
    },
    onRunProgress: subscription('onRunProgress'),
    onRunEpoch: subscription('onRunEpoch'),
    onRunStatus: subscription('onRunStatus'),
    onMenuCommand: subscription('onMenuCommand'),
    onDatasetImportProgress: subscription('onDatasetImportProgress'),
    onQueueChanged: subscription('onQueueChanged'),
  } as unknown as WorkbenchApi;
  const emit = (event: string, payload: unknown) => listeners.get(event)!.forEach((listener) => listener(payload));
  const subscribed = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  return { api, calls, emit, subscribed };
}

const fromApp = { senderFrame: { url: 'app://bundle/index.html' } };

test('calls from the app reach the API and answer with the dispatcher’s reply', async () => {
  const { api, calls } = fakeApi();
  const handle = createInvokeHandler(async () => createApiDispatcher(api));
  assert.deepEqual(await handle(fromApp, 'getRun', [7]), { result: { id: 7 } });
  assert.deepEqual(await handle(fromApp, 'getRun', [404]), { error: { code: 'not-found', message: 'There is no run 404.' } });
  assert.deepEqual(calls, [['getRun', 7], ['getRun', 404]]);
});

test('names outside the contract are refused by the dispatcher, not called', async () => {
  const { api, calls } = fakeApi();
  const handle = createInvokeHandler(async () => createApiDispatcher(api));
  const reply = await handle(fromApp, 'constructor', []);
  assert.ok('error' in reply && reply.error.code === 'invalid-argument');
  assert.deepEqual(calls, []);
});

test('calls from any other frame are rejected before reaching the API', async () => {
  const { api, calls } = fakeApi();
  let dispatcherRequested = 0;
  const handle = createInvokeHandler(async () => {
    dispatcherRequested++;
    return createApiDispatcher(api);
  });
  for (const senderFrame of [
    { url: 'app://bundle.evil/index.html' },
    { url: 'file:///etc/passwd' },
    { url: 'https://github.com/' },
    { url: '' },
    null,
  ]) {
    await assert.rejects(handle({ senderFrame }, 'getRun', [1]), UntrustedSenderError);
  }
  assert.equal(dispatcherRequested, 0);
  assert.deepEqual(calls, []);
});

test('every API event is forwarded on its own channel while the window shows the app', () => {
  const { api, emit, subscribed } = fakeApi();
  const sent: [string, unknown][] = [];
  let url: string | null = 'app://bundle/index.html';
  const stop = forwardApiEvents(createApiDispatcher(api), {
    currentUrl: () => url,
    send: (channel, payload) => sent.push([channel, payload]),
  });
  assert.equal(subscribed(), API_EVENTS.length);
  emit('onRunProgress', { runId: 1, batch: 3 });
  emit('onRunStatus', { runId: 1, status: 'completed' });
  url = 'https://example.com/';
  emit('onRunEpoch', { runId: 1 });
  url = null;
  emit('onRunEpoch', { runId: 1 });
  assert.deepEqual(sent, [
    [eventChannel('onRunProgress'), { runId: 1, batch: 3 }],
    [eventChannel('onRunStatus'), { runId: 1, status: 'completed' }],
  ]);
  stop();
  assert.equal(subscribed(), 0, 'stopping unsubscribes every event');
});
