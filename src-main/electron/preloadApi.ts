// What the preload exposes, built from the contract itself: createApiClient
// makes one function per API_METHODS entry and one subscription per
// API_EVENTS entry, so the window sees exactly the contract and nothing else.
// Free of Electron at runtime (ipcRenderer is passed in) so it is tested
// under plain Node; preload.ts is the three lines that hand it the real one.
//
// contextBridge copies an Error's message but drops its other properties, so
// a failed call rejects with a plain `{ code, message }` object (the
// ApiErrorPayload) — the code survives the bridge and the renderer can branch
// on it.

import { createApiClient } from '../../common/api/contract.js';
import type { ApiErrorPayload, ApiTransport, WorkbenchApi } from '../../common/api/contract.js';
import { isApiErrorPayload } from '../../common/api/carrier.js';
import { INVOKE_CHANNEL, eventChannel } from './ipcChannels.js';

/** The part of Electron's ipcRenderer the preload uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

function toBridgeError(reason: unknown): ApiErrorPayload {
  if (isApiErrorPayload(reason)) return { code: reason.code, message: reason.message };
  const message = reason instanceof Error ? reason.message : String(reason);
  return { code: 'internal', message };
}

function unwrap(response: unknown): unknown {
  if (typeof response === 'object' && response !== null) {
    if ('error' in response && isApiErrorPayload(response.error)) throw toBridgeError(response.error);
    if ('result' in response) return response.result;
  }
  throw toBridgeError(new Error('The workbench sent a reply this window does not understand; restart the app.'));
}

export function createIpcTransport(ipc: RendererIpc): ApiTransport {
  return {
    async invoke(method, args) {
      let response: unknown;
      try {
        response = await ipc.invoke(INVOKE_CHANNEL, method, args);
      } catch (error) {
        throw toBridgeError(error);
      }
      return unwrap(response);
    },
    subscribe(event, listener) {
      const channel = eventChannel(event);
      // The IPC event (with its sender) stays here; the page only ever sees the payload.
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}

export function createPreloadApi(ipc: RendererIpc): WorkbenchApi {
  return createApiClient(createIpcTransport(ipc));
}
