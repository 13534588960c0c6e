import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_EVENTS, API_METHODS } from '../../common/api/contract.js';
import { INVOKE_CHANNEL, eventChannel } from './ipcChannels.js';
import { createPreloadApi, type RendererIpc } from './preloadApi.js';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpc(reply: (method: unknown, args: unknown) => unknown) {
  const invocations: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: RendererIpc = {
    async invoke(channel, ...args) {
      invocations.push([channel, ...args]);
      return reply(args[0], args[1]);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const deliver = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((listener) => listener({ sender: 'the raw IPC event' }, payload));
  return { ipc, invocations, deliver, listeners };
}

test('the exposed object is exactly the contract: one function per method and event', () => {
  const api = createPreloadApi(fakeIpc(() => ({ result: null })).ipc);
  assert.deepEqual(Object.keys(api).sort(), [...API_METHODS, ...API_EVENTS].sort());
  for (const value of Object.values(api)) assert.equal(typeof value, 'function');
});

test('a method call travels on the invoke channel with its name and arguments', async () => {
  const { ipc, invocations } = fakeIpc((method, args) => ({ result: { method, args } }));
  const api = createPreloadApi(ipc);
  assert.deepEqual(await api.renameRun(3, 'baseline'), { method: 'renameRun', args: [3, 'baseline'] });
  assert.deepEqual(invocations, [[INVOKE_CHANNEL, 'renameRun', [3, 'baseline']]]);
});

test('an API error rejects with a plain { code, message } that survives contextBridge', async () => {
  const api = createPreloadApi(fakeIpc(() => ({ error: { code: 'not-found', message: 'There is no run 9.', stack: 'x' } })).ipc);
  const rejection = await api.getRun(9).then(
    () => assert.fail('should reject'),
    (reason: unknown) => reason,
  );
  assert.deepEqual(rejection, { code: 'not-found', message: 'There is no run 9.' });
  assert.ok(!(rejection instanceof Error));
});

test('a refused or garbled call rejects as internal', async () => {
  const refused: RendererIpc = { ...fakeIpc(() => null).ipc, invoke: () => Promise.reject(new Error('Untrusted sender')) };
  await assert.rejects(createPreloadApi(refused).listRuns(), { code: 'internal', message: 'Untrusted sender' });
  await assert.rejects(createPreloadApi(fakeIpc(() => 'nonsense').ipc).listRuns(), { code: 'internal' });
});

test('event listeners receive the payload only, never the IPC event, until unsubscribed', () => {
  const { ipc, deliver, listeners } = fakeIpc(() => ({ result: null }));
  const api = createPreloadApi(ipc);
  const received: unknown[][] = [];
  const unsubscribe = api.onRunProgress((...args: unknown[]) => received.push(args));
  deliver(eventChannel('onRunProgress'), { runId: 2, batch: 5 });
  deliver(eventChannel('onRunEpoch'), { runId: 2 });
  assert.deepEqual(received, [[{ runId: 2, batch: 5 }]]);
  unsubscribe();
  deliver(eventChannel('onRunProgress'), { runId: 2, batch: 6 });
  assert.equal(received.length, 1);
  assert.equal(listeners.get(eventChannel('onRunProgress'))?.size, 0);
});
