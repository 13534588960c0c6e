// One WebSocket client's side of the protocol in common/api/socketProtocol.ts:
// calls go through the shared dispatcher and are answered by id; events go
// only to clients that subscribed to them. The socket itself stays outside
// (see SessionPeer) so the protocol is testable without a network.

import type { ApiEventName, Unsubscribe } from '../../common/api/contract.js';
import { describeName, isApiEventName } from '../../common/api/carrier.js';
import type { ApiResponse } from '../../common/api/carrier.js';
import type { EventMessage, ReplyMessage, RequestId } from '../../common/api/socketProtocol.js';
import type { ApiDispatcher } from '../api/dispatch.js';

export interface SessionPeer {
  readonly isOpen: boolean;
  /** Bytes queued for this client that the network has not taken yet. */
  readonly bufferedAmount: number;
  send(text: string): void;
  terminate(): void;
}

export interface SocketSession {
  receive(text: string): void;
  /** Releases the client's event subscriptions; call when its socket closes. */
  end(): void;
}

// The API throttles progress to ~10/s per run and each one supersedes the
// last, so a client that reads slowly can miss some without losing anything
// that matters; the other events and all replies are always delivered.
const LOSSY_EVENTS: ReadonlySet<ApiEventName> = new Set(['onRunProgress']);
const LOSSY_EVENT_BACKLOG_BYTES = 1 << 20;
// A client this far behind has stopped reading; holding its backlog would only grow memory.
const STALLED_CLIENT_BACKLOG_BYTES = 64 << 20;

type ClientMessage =
  | { kind: 'call'; id: RequestId; method: unknown; args: unknown }
  | { kind: 'subscribe' | 'unsubscribe'; event: ApiEventName }
  | { kind: 'invalid'; id: RequestId | null; reason: string };

export function createSocketSession(peer: SessionPeer, dispatcher: ApiDispatcher): SocketSession {
  const subscriptions = new Map<ApiEventName, Unsubscribe>();
  let ended = false;

  function send(text: string, lossy: boolean): void {
    if (ended || !peer.isOpen) return;
    if (peer.bufferedAmount > STALLED_CLIENT_BACKLOG_BYTES) {
      peer.terminate();
      return;
    }
    if (lossy && peer.bufferedAmount > LOSSY_EVENT_BACKLOG_BYTES) return;
    peer.send(text);
  }

  function reply(id: RequestId | null, response: ApiResponse): void {
    let text: string;
    try {
      text = JSON.stringify({ id, ...response } satisfies ReplyMessage);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure: ReplyMessage = { id, error: { code: 'internal', message: `The answer could not be encoded as JSON: ${reason}` } };
      text = JSON.stringify(failure);
    }
    send(text, false);
  }

  function forward(event: ApiEventName, payload: unknown): void {
    let text: string;
    try {
      text = JSON.stringify({ event, payload } satisfies EventMessage);
    } catch {
      return;
    }
    send(text, LOSSY_EVENTS.has(event));
  }

  return {
    receive(text) {
      const message = parseClientMessage(text);
      switch (message.kind) {
        case 'call':
          void dispatcher.invoke(message.method, message.args).then((response) => reply(message.id, response));
          break;
        case 'subscribe':
          if (!ended && !subscriptions.has(message.event)) {
            subscriptions.set(message.event, dispatcher.subscribe(message.event, (payload) => forward(message.event, payload)));
          }
          break;
        case 'unsubscribe':
          subscriptions.get(message.event)?.();
          subscriptions.delete(message.event);
          break;
        case 'invalid':
          reply(message.id, { error: { code: 'invalid-argument', message: message.reason } });
          break;
      }
    },

    end() {
      ended = true;
      for (const unsubscribe of subscriptions.values()) unsubscribe();
      subscriptions.clear();
    },
  };
}

function parseClientMessage(text: string): ClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { kind: 'invalid', id: null, reason: 'Messages must be JSON text.' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'invalid', id: null, reason: 'Messages must be JSON objects.' };
  }
  const fields = message as Record<string, unknown>;
  for (const kind of ['subscribe', 'unsubscribe'] as const) {
    if (!Object.hasOwn(fields, kind)) continue;
    const event = fields[kind];
    if (isApiEventName(event)) return { kind, event };
    return { kind: 'invalid', id: null, reason: `${describeName(event)} is not an event of the workbench API.` };
  }
  if (!Object.hasOwn(fields, 'method')) {
    return { kind: 'invalid', id: null, reason: 'Messages must be a call ({ id, method, args }) or a subscription.' };
  }
  const { id } = fields;
  if (!((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= 128))) {
    return { kind: 'invalid', id: null, reason: 'A call needs an id: an integer or a string of at most 128 characters.' };
  }
  return { kind: 'call', id, method: fields.method, args: fields.args };
}
