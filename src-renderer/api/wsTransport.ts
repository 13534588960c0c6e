// Serve mode's carrier in the browser: the shared socket client
// (common/api/socketClient.ts) over the browser's WebSocket, pointed at the
// server that served this page.

import { createSocketTransport } from '../../common/api/socketClient.js';
import type { SocketTransport } from '../../common/api/socketClient.js';
import { SOCKET_PATH, TOKEN_QUERY_PARAMETER } from '../../common/api/socketProtocol.js';

export function createBrowserSocketTransport(accessToken: string | null): SocketTransport {
  const url = new URL(SOCKET_PATH, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  // Without a token the server may still accept the cookie it set when this page loaded.
  if (accessToken !== null) url.searchParams.set(TOKEN_QUERY_PARAMETER, accessToken);
  return createSocketTransport({ url: url.href, WebSocketClass: WebSocket });
}
