// The one way the renderer reaches the workbench: the Electron preload's
// `window.workbench` when present, else serve mode's WebSocket with the
// access token from the page URL (kept in sessionStorage for reloads and
// hash navigation within this tab).

import { createApiClient } from '../../common/api/contract.js';
import type { Unsubscribe, WorkbenchApi } from '../../common/api/contract.js';
import type { ConnectionState, SocketTransport } from '../../common/api/socketClient.js';
import { TOKEN_QUERY_PARAMETER } from '../../common/api/socketProtocol.js';
import { createBrowserSocketTransport } from './wsTransport.js';

const TOKEN_STORAGE_KEY = 'cnn-workbench.accessToken';

let api: WorkbenchApi | null = null;
let socketTransport: SocketTransport | null = null;

export function getApi(): WorkbenchApi {
  if (api !== null) return api;
  if (window.workbench !== undefined) {
    api = window.workbench;
  } else {
    socketTransport = createBrowserSocketTransport(accessToken());
    api = createApiClient(socketTransport);
  }
  return api;
}

/**
 * For a "reconnecting…" notice: the state now, then every change. Under
 * Electron the carrier cannot drop, so it is always 'open'.
 */
export function onConnectionStateChange(listener: (state: ConnectionState) => void): Unsubscribe {
  getApi();
  if (socketTransport === null) {
    listener('open');
    return () => {};
  }
  return socketTransport.onStateChange(listener);
}

function accessToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get(TOKEN_QUERY_PARAMETER);
  if (fromUrl !== null) sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  return fromUrl ?? sessionStorage.getItem(TOKEN_STORAGE_KEY);
}
