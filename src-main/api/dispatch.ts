// The server side of every carrier, independent of how bytes move: serve
// mode's WebSocket sessions and Electron's ipcMain handlers both hand
// untrusted (method, args) pairs to one dispatcher, which enforces the
// contract's allow-list and turns whatever the API throws into an answer
// that can cross a process boundary.

import type { Unsubscribe, WorkbenchApi } from '../../common/api/contract.js';
import { ApiError } from '../../common/api/contract.js';
import { describeName, isApiEventName, isApiMethodName, toApiErrorPayload } from '../../common/api/carrier.js';
import type { ApiResponse } from '../../common/api/carrier.js';

export interface ApiDispatcher {
  /** Never rejects: failures come back as `{ error }`. */
  invoke(method: unknown, args: unknown): Promise<ApiResponse>;
  /** Throws an `invalid-argument` ApiError for a name outside API_EVENTS. */
  subscribe(event: unknown, listener: (payload: unknown) => void): Unsubscribe;
}

export interface ApiDispatcherOptions {
  /** Sees unexpected failures with their stacks (which the caller never receives), for the log. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The deepest a real call nests (an architecture inside a request) is a
 * handful of levels; hostile JSON nested thousands deep would otherwise reach
 * validators that print values recursively and fail with a RangeError.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/** Walks without recursion, so the check itself cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

export function createApiDispatcher(api: WorkbenchApi, options: ApiDispatcherOptions = {}): ApiDispatcher {
  return {
    async invoke(method, args) {
      if (!isApiMethodName(method)) {
        return { error: { code: 'invalid-argument', message: `${describeName(method)} is not a method of the workbench API.` } };
      }
      if (!Array.isArray(args)) {
        return { error: { code: 'invalid-argument', message: `The arguments of ${method} must be an array.` } };
      }
      if (nestedDeeperThan(args, MAX_ARGUMENT_DEPTH)) {
        return {
          error: { code: 'invalid-argument', message: `The arguments of ${method} are nested more than ${MAX_ARGUMENT_DEPTH} levels deep; no call needs that.` },
        };
      }
      try {
        const implementation = api[method] as (...parameters: unknown[]) => Promise<unknown>;
        return { result: await Reflect.apply(implementation, api, args) };
      } catch (error) {
        const payload = toApiErrorPayload(error);
        if (payload.code === 'internal') options.onInternalError?.(method, error);
        return { error: payload };
      }
    },

    subscribe(event, listener) {
      if (!isApiEventName(event)) {
        throw new ApiError('invalid-argument', `${describeName(event)} is not an event of the workbench API.`);
      }
      const subscribeTo = api[event] as (listener: (payload: unknown) => void) => Unsubscribe;
      return Reflect.apply(subscribeTo, api, [listener]);
    },
  };
}
