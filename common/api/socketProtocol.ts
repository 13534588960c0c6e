// Serve mode's WebSocket protocol: JSON text messages, one per frame.
//
//   client → server   { id, method, args }       call a method of the contract
//                     { subscribe: 'onRunX' }    start receiving that event
//                     { unsubscribe: 'onRunX' }  stop receiving it
//   server → client   { id, result }             the call's answer
//                     { id, error }              the call failed (ApiErrorPayload)
//                     { event: 'onRunX', payload }
//
// A message the server cannot attribute to a call is answered with `id: null`.

import type { ApiEventName, ApiMethodName } from './contract.js';
import type { ApiResponse } from './carrier.js';

/** Where the server accepts the WebSocket upgrade. */
export const SOCKET_PATH = '/api';

/** The query parameter that carries the access token, in the page URL and the socket URL. */
export const TOKEN_QUERY_PARAMETER = 'token';

export type RequestId = number | string;

export interface CallMessage {
  id: RequestId;
  method: ApiMethodName;
  args: unknown[];
}

export type SubscriptionMessage = { subscribe: ApiEventName } | { unsubscribe: ApiEventName };

export type ReplyMessage = { id: RequestId | null } & ApiResponse;

export interface EventMessage {
  event: ApiEventName;
  payload: unknown;
}
