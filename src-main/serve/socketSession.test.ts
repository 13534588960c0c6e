import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunProgressEvent, RunStatusEvent } from '../../common/api/contract.js';
import { createApiDispatcher } from '../api/dispatch.js';
import { createSocketSession } from './socketSession.js';
import type { SessionPeer } from './socketSession.js';
import { FakeWorkbenchApi, fakeRunSummary } from './testFixtures.js';

/** A client whose unsent backlog the test sets directly. */
class FakePeer implements SessionPeer {
  isOpen = true;
  bufferedAmount = 0;
  terminated = false;
  readonly sent: unknown[] = [];

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  terminate(): void {
    this.terminated = true;
    this.isOpen = false;
  }
}

const progress: RunProgressEvent = {
  runId: 1,
  phase: 'training',
  epoch: 1,
  epochs: 1,
  batch: 1,
  batches: 2,
  loss: 1,
  accuracy: 0.5,
  imagesPerSecond: 10,
  etaSeconds: null,
};
const status: RunStatusEvent = { runId: 1, status: 'completed', error: null, summary: fakeRunSummary(1, 'a') };

function subscribedSession() {
  const api = new FakeWorkbenchApi();
  const peer = new FakePeer();
  const session = createSocketSession(peer, createApiDispatcher(api));
  session.receive(JSON.stringify({ subscribe: 'onRunProgress' }));
  session.receive(JSON.stringify({ subscribe: 'onRunStatus' }));
  return { api, peer, session };
}

test('a client with a backlog misses progress events but still gets status events and replies', async () => {
  const { api, peer, session } = subscribedSession();
  peer.bufferedAmount = 2 << 20;
  api.emit('onRunProgress', progress);
  api.emit('onRunStatus', status);
  session.receive(JSON.stringify({ id: 1, method: 'pauseRun', args: [1] }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(peer.sent, [{ event: 'onRunStatus', payload: status }, { id: 1 }]);

  peer.bufferedAmount = 0;
  api.emit('onRunProgress', progress);
  assert.deepEqual(peer.sent.at(-1), { event: 'onRunProgress', payload: progress });
});

test('a client that stopped reading altogether is cut off instead of buffering without bound', () => {
  const { api, peer } = subscribedSession();
  peer.bufferedAmount = 65 << 20;
  api.emit('onRunStatus', status);
  assert.equal(peer.terminated, true);
  assert.deepEqual(peer.sent, []);
});

test('nothing is sent after the session ends, and its subscriptions are released', () => {
  const { api, peer, session } = subscribedSession();
  session.end();
  api.emit('onRunStatus', status);
  assert.equal(api.listenerCount('onRunStatus'), 0);
  assert.equal(api.listenerCount('onRunProgress'), 0);
  session.receive(JSON.stringify({ subscribe: 'onRunEpoch' }));
  assert.equal(api.listenerCount('onRunEpoch'), 0);
  assert.deepEqual(peer.sent, []);
});

test('a result that cannot be encoded as JSON becomes an internal error for that call', async () => {
  const api = new FakeWorkbenchApi();
  const peer = new FakePeer();
  const session = createSocketSession(peer, createApiDispatcher(Object.assign(api, { listPresets: async () => [{ size: 1n }] })));
  session.receive(JSON.stringify({ id: 'a', method: 'listPresets', args: [] }));
  await new Promise((resolve) => setImmediate(resolve));
  const [reply] = peer.sent as { id: string; error: { code: string; message: string } }[];
  assert.equal(reply.id, 'a');
  assert.equal(reply.error.code, 'internal');
  assert.match(reply.error.message, /could not be encoded as JSON/);
});
