// The client half of serve mode's WebSocket carrier, as an ApiTransport.
// Pure: the WebSocket class is passed in — the browser's in the renderer,
// the `ws` package's in Node tests — so this one file is what both run.
//
// It keeps one socket open, reconnecting with exponential backoff; numbers
// each call and matches the reply; rejects calls whose connection dropped
// (the server may or may not have acted on them, so they are never resent);
// and subscribes again to every event that still has listeners after a
// reconnect.

import { ApiError } from './contract.js';
import type { ApiEventName, ApiMethodName, ApiTransport, Unsubscribe } from './contract.js';
import { unwrapApiResponse } from './carrier.js';
import type { CallMessage, SubscriptionMessage } from './socketProtocol.js';

/** The part of the WebSocket interface used here; browsers and `ws` both provide it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

/**
 * connecting: an attempt is under way (calls wait for it);
 * open: calls go straight out;
 * disconnected: waiting to retry (calls fail at once, saying so);
 * closed: close() was called.
 */
export type ConnectionState = 'connecting' | 'open' | 'disconnected' | 'closed';

export interface SocketTransportOptions {
  url: string;
  WebSocketClass: SocketConstructor;
  /** First wait before reconnecting; doubles per failed attempt. */
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface SocketTransport extends ApiTransport {
  readonly state: ConnectionState;
  /** Calls the listener with the current state now, then on every change. */
  onStateChange(listener: (state: ConnectionState) => void): Unsubscribe;
  close(): void;
}

// WebSocket.OPEN, the same number in browsers and in `ws`.
const SOCKET_OPEN = 1;

interface PendingCall {
  method: ApiMethodName;
  /** The serialised CallMessage. */
  text: string;
  /** False while waiting for the socket to open. */
  sent: boolean;
  resolve(result: unknown): void;
  reject(error: ApiError): void;
}

export function createSocketTransport(options: SocketTransportOptions): SocketTransport {
  return new ReconnectingSocketTransport(options);
}

class ReconnectingSocketTransport implements SocketTransport {
  readonly #options: Required<SocketTransportOptions>;
  #socket: SocketLike | null = null;
  #state: ConnectionState = 'connecting';
  #failedAttempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall>();
  readonly #eventListeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(options: SocketTransportOptions) {
    this.#options = {
      ...options,
      initialRetryDelayMs: options.initialRetryDelayMs ?? 250,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
    };
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  invoke(method: ApiMethodName, args: unknown[]): Promise<unknown> {
    if (this.#state === 'closed' || this.#state === 'disconnected') {
      return Promise.reject(notConnectedError(method, this.#state));
    }
    let text: string;
    const id = this.#nextId++;
    try {
      text = JSON.stringify({ id, method, args: withoutTrailingUndefined(args) } satisfies CallMessage);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Promise.reject(new ApiError('invalid-argument', `The arguments of ${method} cannot be sent as JSON: ${reason}`));
    }
    return new Promise((resolve, reject) => {
      const call: PendingCall = { method, text, sent: false, resolve, reject };
      this.#pending.set(id, call);
      if (this.#state === 'open') this.#send(call);
    });
  }

  subscribe(event: ApiEventName, listener: (payload: unknown) => void): Unsubscribe {
    let listeners = this.#eventListeners.get(event);
    if (!listeners) {
      listeners = new Set();
      this.#eventListeners.set(event, listeners);
      this.#sendSubscription({ subscribe: event });
    }
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const entry = (payload: unknown) => listener(payload);
    listeners.add(entry);
    return () => {
      if (!listeners.delete(entry) || listeners.size > 0) return;
      this.#eventListeners.delete(event);
      this.#sendSubscription({ unsubscribe: event });
    };
  }

  onStateChange(listener: (state: ConnectionState) => void): Unsubscribe {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => {
      this.#stateListeners.delete(listener);
    };
  }

  close(): void {
    if (this.#state === 'closed') return;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'Client closed');
    this.#setState('closed');
    this.#rejectPending();
  }

  #connect(): void {
    this.#retryTimer = null;
    this.#setState('connecting');
    const socket = new this.#options.WebSocketClass(this.#options.url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      this.#failedAttempts = 0;
      this.#setState('open');
      for (const event of this.#eventListeners.keys()) this.#sendSubscription({ subscribe: event });
      for (const call of this.#pending.values()) this.#send(call);
    });
    socket.addEventListener('message', (message) => {
      if (this.#socket === socket) this.#receive(message.data);
    });
    // Every failure ends in 'close', so that is the one place to recover. Listening to 'error'
    // anyway keeps Node's `ws` from treating it as unhandled and throwing.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#scheduleReconnect();
      this.#rejectPending();
    });
  }

  #scheduleReconnect(): void {
    const { initialRetryDelayMs, maxRetryDelayMs } = this.#options;
    const delay = Math.min(maxRetryDelayMs, initialRetryDelayMs * 2 ** this.#failedAttempts);
    this.#failedAttempts++;
    this.#setState('disconnected');
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #send(call: PendingCall): void {
    if (call.sent || this.#socket?.readyState !== SOCKET_OPEN) return;
    call.sent = true;
    this.#socket.send(call.text);
  }

  #sendSubscription(message: SubscriptionMessage): void {
    if (this.#socket?.readyState === SOCKET_OPEN) this.#socket.send(JSON.stringify(message));
  }

  #receive(data: unknown): void {
    // The server only sends well-formed JSON text; anything else is not ours to interpret.
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, event } = message as Record<string, unknown>;
    if (typeof event === 'string') {
      this.#deliverEvent(event, (message as { payload?: unknown }).payload);
    } else if (typeof id === 'number') {
      const call = this.#pending.get(id);
      if (!call) return;
      this.#pending.delete(id);
      try {
        call.resolve(unwrapApiResponse(message));
      } catch (error) {
        call.reject(error as ApiError);
      }
    }
  }

  #deliverEvent(event: string, payload: unknown): void {
    const listeners = this.#eventListeners.get(event as ApiEventName);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing listener must not starve the others; rethrown apart so it is still reported.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #rejectPending(): void {
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) call.reject(lostConnectionError(call));
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}

/** JSON turns a trailing `undefined` into `null`; dropping it keeps optional parameters optional, as over IPC. */
function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  return args.slice(0, length);
}

function lostConnectionError(call: PendingCall): ApiError {
  const outcome = call.sent ? ' It may or may not have taken effect.' : '';
  return new ApiError(
    'internal',
    `Lost the connection to the workbench server before ${call.method} was answered.${outcome} ` +
      'Reconnecting automatically; if this persists, check that `cnn-workbench serve` is still running.',
  );
}

function notConnectedError(method: ApiMethodName, state: ConnectionState): ApiError {
  const detail =
    state === 'closed'
      ? 'The connection was closed; reload the page.'
      : 'Reconnecting automatically; if this persists, check that `cnn-workbench serve` is still running.';
  return new ApiError('internal', `Not connected to the workbench server, so ${method} could not be sent. ${detail}`);
}
