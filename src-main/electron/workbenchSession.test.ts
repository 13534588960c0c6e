import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkbenchApi } from '../../common/api/contract.js';
import { eventChannel } from './ipcChannels.js';
import { WorkbenchSession, type ServiceHandle, type WorkbenchSessionOptions } from './workbenchSession.js';

/** Services that answer getAppInfo with their database path and can emit progress. */
function fakeServices(unopenable: string[] = []) {
  const log: string[] = [];
  const progressListeners = new Map<string, Set<(payload: unknown) => void>>();
  const sent: [string, unknown][] = [];
  const options: WorkbenchSessionOptions = {
    async openService(databasePath): Promise<ServiceHandle> {
      if (unopenable.includes(databasePath)) throw new Error(`${databasePath} is not a workbench database`);
      log.push(`open ${databasePath}`);
      const listeners = new Set<(payload: unknown) => void>();
      progressListeners.set(databasePath, listeners);
      const none = () => () => undefined;
      const api = {
        async getAppInfo() {
          return { databasePath };
        },
        onRunProgress(listener: (payload: unknown) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        onRunEpoch: none,
        onRunStatus: none,
        onMenuCommand: none,
        onDatasetImportProgress: none,
        onQueueChanged: none,
      } as unknown as WorkbenchApi;
      return {
        api,
        async close() {
          log.push(`close ${databasePath}`);
        },
      };
    },
    events: { currentUrl: () => 'app://bundle/index.html', send: (channel, payload) => sent.push([channel, payload]) },
    onInternalError: () => undefined,
  };
  const emitProgress = (databasePath: string, payload: unknown) => progressListeners.get(databasePath)?.forEach((listener) => listener(payload));
  return { options, log, sent, emitProgress };
}

async function openedDatabase(session: WorkbenchSession): Promise<unknown> {
  const reply = await (await session.dispatcher()).invoke('getAppInfo', []);
  assert.ok('result' in reply);
  return (reply.result as { databasePath: string }).databasePath;
}

test('switching databases closes the old service before opening the new one', async () => {
  const { options, log } = fakeServices();
  const session = await WorkbenchSession.open('/a.sqlite', options);
  assert.equal(await openedDatabase(session), '/a.sqlite');
  await session.switchDatabase('/b.sqlite');
  assert.equal(await openedDatabase(session), '/b.sqlite');
  assert.equal(await session.databasePath(), '/b.sqlite');
  assert.deepEqual(log, ['open /a.sqlite', 'close /a.sqlite', 'open /b.sqlite']);
});

test('events come from the open database only', async () => {
  const { options, sent, emitProgress } = fakeServices();
  const session = await WorkbenchSession.open('/a.sqlite', options);
  emitProgress('/a.sqlite', { from: 'a' });
  await session.switchDatabase('/b.sqlite');
  emitProgress('/a.sqlite', { from: 'a, after the switch' });
  emitProgress('/b.sqlite', { from: 'b' });
  assert.deepEqual(sent, [
    [eventChannel('onRunProgress'), { from: 'a' }],
    [eventChannel('onRunProgress'), { from: 'b' }],
  ]);
});

test('a database that cannot be opened leaves the previous one open and reports why', async () => {
  const { options, log } = fakeServices(['/broken.sqlite']);
  const session = await WorkbenchSession.open('/a.sqlite', options);
  await assert.rejects(session.switchDatabase('/broken.sqlite'), /not a workbench database/);
  assert.equal(await openedDatabase(session), '/a.sqlite');
  assert.deepEqual(log, ['open /a.sqlite', 'close /a.sqlite', 'open /a.sqlite']);
});

test('calls made during a switch wait for the new database', async () => {
  const { options } = fakeServices();
  const session = await WorkbenchSession.open('/a.sqlite', options);
  const switching = session.switchDatabase('/b.sqlite');
  const during = openedDatabase(session);
  await switching;
  assert.equal(await during, '/b.sqlite');
});

test('close shuts the service down once, and later calls are refused', async () => {
  const { options, log } = fakeServices();
  const session = await WorkbenchSession.open('/a.sqlite', options);
  await Promise.all([session.close(), session.close()]);
  assert.deepEqual(log, ['open /a.sqlite', 'close /a.sqlite']);
  await assert.rejects(session.dispatcher(), /shutting down/);
});
