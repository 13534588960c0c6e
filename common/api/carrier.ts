// What every carrier of the API contract (Electron IPC, serve mode's
// WebSocket) shares: the allow-list checks on untrusted names, and the one
// reply shape an answer travels in, so an ApiError's code survives the trip
// and a stack trace never does.

import { API_EVENTS, API_METHODS, ApiError } from './contract.js';
import type { ApiErrorPayload, ApiEventName, ApiMethodName } from './contract.js';

/** An answer as it crosses a carrier: the method's result, or the error it threw. */
export type ApiResponse = { result: unknown } | { error: ApiErrorPayload };

// Sets compare by value: a name like `constructor` or `__proto__` is simply absent,
// whatever the prototype chain of the API object holds.
const METHOD_NAMES: ReadonlySet<string> = new Set(API_METHODS);
const EVENT_NAMES: ReadonlySet<string> = new Set(API_EVENTS);

const ERROR_CODES: Record<ApiErrorPayload['code'], true> = {
  'invalid-argument': true,
  'not-found': true,
  conflict: true,
  internal: true,
};

export function isApiMethodName(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && METHOD_NAMES.has(name);
}

export function isApiEventName(name: unknown): name is ApiEventName {
  return typeof name === 'string' && EVENT_NAMES.has(name);
}

export function isApiErrorPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) && typeof message === 'string';
}

/** A short, quoted rendering of an untrusted name for error messages. */
export function describeName(name: unknown): string {
  if (typeof name !== 'string') return `a ${name === null ? 'null' : typeof name}`;
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/**
 * The error as the other side may see it: an ApiError keeps its code; anything
 * else is `internal` with its message only (stacks stay in this process).
 */
export function toApiErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'internal', message: error.message || error.name };
  if (typeof error === 'string') return { code: 'internal', message: error };
  return { code: 'internal', message: 'The workbench failed with an error that has no message.' };
}

/** The receiving side: the result, or the error rethrown as an ApiError. */
export function unwrapApiResponse(response: unknown): unknown {
  if (typeof response === 'object' && response !== null) {
    if ('error' in response) {
      if (isApiErrorPayload(response.error)) throw new ApiError(response.error.code, response.error.message);
    } else {
      return (response as { result?: unknown }).result;
    }
  }
  throw new ApiError('internal', 'The workbench sent a reply this window does not understand; reload the page.');
}
