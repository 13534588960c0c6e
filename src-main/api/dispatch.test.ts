import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_METHODS, ApiError } from '../../common/api/contract.js';
import type { RunStatusEvent } from '../../common/api/contract.js';
import { FakeWorkbenchApi, fakeRunSummary } from '../serve/testFixtures.js';
import { createApiDispatcher } from './dispatch.js';

test('an allow-listed method is called on the API with its arguments', async () => {
  const api = new FakeWorkbenchApi();
  const response = await createApiDispatcher(api).invoke('renameRun', [7, 'baseline']);
  assert.deepEqual(response, { result: fakeRunSummary(7, 'baseline') });
  assert.deepEqual(api.calls, [{ method: 'renameRun', args: [7, 'baseline'] }]);
});

test('every name in API_METHODS reaches the API', async () => {
  const api = new FakeWorkbenchApi();
  const dispatcher = createApiDispatcher(api);
  // importDataset never settles in the fake; everything else answers one way or another.
  await Promise.all(API_METHODS.filter((method) => method !== 'importDataset').map((method) => dispatcher.invoke(method, [1])));
  void dispatcher.invoke('importDataset', ['/data']);
  assert.deepEqual(new Set(api.calls.map((call) => call.method)), new Set(API_METHODS));
});

test('names outside the allow-list are refused without touching the API, prototype names included', async () => {
  const api = new FakeWorkbenchApi();
  const dispatcher = createApiDispatcher(api);
  const names: unknown[] = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'onRunStatus', 'getrun', ' getRun', 42, null];
  for (const name of names) {
    const response = await dispatcher.invoke(name, []);
    assert.ok('error' in response, `${String(name)} was accepted`);
    assert.equal(response.error.code, 'invalid-argument');
    assert.match(response.error.message, /is not a method of the workbench API/);
  }
  assert.deepEqual(api.calls, []);
});

test('arguments that are not an array are refused', async () => {
  const api = new FakeWorkbenchApi();
  const dispatcher = createApiDispatcher(api);
  for (const args of [undefined, null, 'x', { 0: 7, length: 1 }]) {
    const response = await dispatcher.invoke('getRun', args);
    assert.deepEqual(response, { error: { code: 'invalid-argument', message: 'The arguments of getRun must be an array.' } });
  }
  assert.deepEqual(api.calls, []);
});

test('an ApiError keeps its code and message', async () => {
  const response = await createApiDispatcher(new FakeWorkbenchApi()).invoke('getRun', [9]);
  assert.deepEqual(response, { error: { code: 'not-found', message: 'There is no run 9.' } });
});

test('any other error becomes internal, with its message, never its stack, and is reported with the original', async () => {
  const reported: { method: string; error: unknown }[] = [];
  const dispatcher = createApiDispatcher(new FakeWorkbenchApi(), { onInternalError: (method, error) => reported.push({ method, error }) });
  const response = await dispatcher.invoke('deleteRun', [3]);
  assert.deepEqual(response, { error: { code: 'internal', message: 'database is locked (run 3)' } });
  assert.doesNotMatch(JSON.stringify(response), /\bat\s|\.js:\d+/);
  assert.equal(reported.length, 1);
  assert.equal(reported[0].method, 'deleteRun');
  assert.ok(reported[0].error instanceof Error && reported[0].error.stack?.includes('deleteRun'));
});

test('non-Error throws become internal errors with a readable message', async () => {
  const api = new FakeWorkbenchApi();
  const dispatcher = createApiDispatcher(
    Object.assign(api, {
      pauseRun: async () => {
        throw 'worker pool gone';
      },
      resumeRun: async () => {
        throw Object.create(null);
      },
    }),
  );
  assert.deepEqual(await dispatcher.invoke('pauseRun', [1]), { error: { code: 'internal', message: 'worker pool gone' } });
  const response = await dispatcher.invoke('resumeRun', [1]);
  assert.ok('error' in response && response.error.code === 'internal' && response.error.message.length > 0);
});

test('subscribe delivers an allow-listed event until unsubscribed', () => {
  const api = new FakeWorkbenchApi();
  const received: unknown[] = [];
  const unsubscribe = createApiDispatcher(api).subscribe('onRunStatus', (payload) => received.push(payload));
  const event: RunStatusEvent = { runId: 1, status: 'completed', error: null, summary: fakeRunSummary(1, 'a') };
  api.emit('onRunStatus', event);
  unsubscribe();
  api.emit('onRunStatus', event);
  assert.deepEqual(received, [event]);
  assert.equal(api.listenerCount('onRunStatus'), 0);
});

test('subscribe refuses names outside API_EVENTS', () => {
  const dispatcher = createApiDispatcher(new FakeWorkbenchApi());
  for (const name of ['constructor', '__proto__', 'getRun', 'onRunStatuses', undefined]) {
    assert.throws(
      () => dispatcher.subscribe(name, () => {}),
      (error: unknown) => error instanceof ApiError && error.code === 'invalid-argument',
    );
  }
});
