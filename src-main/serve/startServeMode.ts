// Serve mode: the built renderer over HTTP and the workbench API over a
// WebSocket, for a browser on this machine only. It listens on 127.0.0.1 and
// answers nothing without the access token in the URL it reports; the
// checks themselves live in requestGuard.ts, the protocol in socketSession.ts.

import { realpath, stat } from 'node:fs/promises';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import type { WorkbenchApi } from '../../common/api/contract.js';
import { SOCKET_PATH, TOKEN_QUERY_PARAMETER } from '../../common/api/socketProtocol.js';
import { DATASET_ZIP_UPLOAD_PATH } from '../../common/datasets.js';
import { createApiDispatcher } from '../api/dispatch.js';
import type { ApiDispatcher } from '../api/dispatch.js';
import { assertUsableToken, createAccessToken, tokenCookie } from './accessToken.js';
import { admitRequest } from './requestGuard.js';
import type { GuardSettings } from './requestGuard.js';
import { securityHeaders } from './securityHeaders.js';
import { receiveDatasetZip, UploadError } from './datasetUpload.js';
import { createSocketSession } from './socketSession.js';
import { INDEX_FILE, resolveStaticFile, sendStaticFile } from './staticFiles.js';

export interface ServeModeOptions {
  api: WorkbenchApi;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** The renderer's Vite build (dist/renderer). */
  rendererDir: string;
  /** A fixed token for tests; absent: 32 random bytes, hex. */
  token?: string;
  /** Where unexpected API failures go with their stacks; absent: stderr. */
  onInternalError?: (method: string, error: unknown) => void;
  /** Where uploaded .zip datasets are unpacked; absent: uploads are refused. */
  uploadDir?: string;
}

export interface ServeModeHandle {
  /** The URL to print: it carries the token. */
  url: string;
  port: number;
  token: string;
  /** Ends every socket and stops listening; safe to call twice. */
  close(): Promise<void>;
}

// Never configurable: binding anywhere else would expose the API to the network.
const HOST = '127.0.0.1';
// Calls are small (the largest argument is an architecture); replies may be large and are not limited.
const MAX_MESSAGE_BYTES = 1 << 20;
// How long close() waits for clients to answer the close handshake before cutting them off.
const CLOSE_GRACE_MS = 1000;

interface Site {
  rendererDir: string;
  uploadDir: string | null;
  guard: GuardSettings;
  headers: Record<string, string>;
}

export async function startServeMode(options: ServeModeOptions): Promise<ServeModeHandle> {
  const token = options.token ?? createAccessToken();
  assertUsableToken(token);
  const rendererDir = await builtRendererDir(options.rendererDir);
  const dispatcher = createApiDispatcher(options.api, { onInternalError: options.onInternalError ?? logInternalError });

  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const site: Site = { rendererDir, uploadDir: options.uploadDir ?? null, guard: { port, token }, headers: securityHeaders(port) };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('request', (request, response) => void answerHttp(request, response, site));
  server.on('upgrade', (request, socket, head) => {
    const refusal = upgradeRefusal(request, site);
    if (refusal !== null) refuseUpgrade(socket, refusal, site.headers);
    else sockets.handleUpgrade(request, socket, head, (client) => attachSession(client, dispatcher));
  });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${HOST}:${port}/?${TOKEN_QUERY_PARAMETER}=${token}`,
    port,
    token,
    close: () => (closing ??= closeAll(server, sockets)),
  };
}

async function builtRendererDir(folder: string): Promise<string> {
  try {
    const resolved = await realpath(folder);
    if ((await stat(join(resolved, INDEX_FILE))).isFile()) return resolved;
  } catch {
    // Reported below, with what to do.
  }
  throw new Error(`No built renderer in ${folder} (${INDEX_FILE} missing): build it first with \`npx vite build -c src-renderer/vite.config.ts\`.`);
}

function listen(server: Server, port: number): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return Promise.reject(new Error(`--port must be an integer from 0 to 65535, not ${port}.`));
  }
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${HOST} is already in use: choose another with --port.`) : error);
    });
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', `http://${HOST}`);
  } catch {
    return null;
  }
}

async function answerHttp(request: IncomingMessage, response: ServerResponse, site: Site): Promise<void> {
  const url = requestUrl(request);
  if (url === null) return sendText(response, 400, 'Malformed request URL.', site.headers);
  const admission = admitRequest(request, url, site.guard);
  if (admission.status !== 200) return sendText(response, admission.status, admission.message, site.headers);
  if (request.method === 'POST' && url.pathname === DATASET_ZIP_UPLOAD_PATH && site.uploadDir !== null) return answerUpload(request, response, url, site);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const message = `Only GET and HEAD are served here; the API is the WebSocket at ${SOCKET_PATH}.`;
    return sendText(response, 405, message, { ...site.headers, Allow: 'GET, HEAD' });
  }
  try {
    const file = await resolveStaticFile(site.rendererDir, url.pathname);
    if (file === null) return sendText(response, 404, 'Not found.', site.headers);
    // Remembering the token in a cookie lets the page's own asset requests and reloads through.
    const cookie: Record<string, string> =
      admission.tokenSource === 'cookie' ? {} : { 'Set-Cookie': tokenCookie(site.guard.port, site.guard.token) };
    await sendStaticFile(response, file, request.method === 'HEAD', { ...site.headers, ...cookie });
  } catch {
    if (!response.headersSent) sendText(response, 500, 'Could not read the file.', site.headers);
    else response.destroy();
  }
}

async function answerUpload(request: IncomingMessage, response: ServerResponse, url: URL, site: Site): Promise<void> {
  let status = 200;
  let body: { path: string } | { error: string };
  try {
    body = await receiveDatasetZip(request, url, site.uploadDir as string);
  } catch (error) {
    status = error instanceof UploadError ? error.status : 500;
    body = { error: error instanceof Error ? error.message : String(error) };
    request.resume();
  }
  response.writeHead(status, { ...site.headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(message)),
    'Cache-Control': 'no-store',
  });
  response.end(message);
}

/** Why an upgrade may not proceed, or null when it may. */
function upgradeRefusal(request: IncomingMessage, site: Site): { status: number; message: string } | null {
  const url = requestUrl(request);
  if (url === null) return { status: 400, message: 'Malformed request URL.' };
  const admission = admitRequest(request, url, site.guard);
  if (admission.status !== 200) return admission;
  if (url.pathname !== SOCKET_PATH) return { status: 404, message: `The API socket is at ${SOCKET_PATH}.` };
  return null;
}

function refuseUpgrade(socket: Duplex, { status, message }: { status: number; message: string }, headers: Record<string, string>): void {
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(message)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  // A client that resets the connection mid-refusal must not become an unhandled 'error'.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${message}`);
}

function attachSession(client: WebSocket, dispatcher: ApiDispatcher): void {
  const session = createSocketSession(
    {
      get isOpen() {
        return client.readyState === WebSocket.OPEN;
      },
      get bufferedAmount() {
        return client.bufferedAmount;
      },
      send: (text) => client.send(text),
      terminate: () => client.terminate(),
    },
    dispatcher,
  );
  client.on('message', (data, isBinary) => {
    if (isBinary) client.close(1003, 'Only JSON text messages are accepted.');
    // With the default binaryType every message arrives as one Buffer.
    else session.receive((data as Buffer).toString('utf8'));
  });
  client.on('close', () => session.end());
  // ws closes the socket itself after a protocol error (an oversized message, say); 'close' then cleans up.
  client.on('error', () => {});
}

async function closeAll(server: Server, sockets: WebSocketServer): Promise<void> {
  const clients = [...sockets.clients];
  const closed = clients.map((client) => new Promise((resolve) => client.once('close', resolve)));
  for (const client of clients) client.close(1001, 'The workbench server is shutting down.');
  await Promise.race([Promise.all(closed), delay(CLOSE_GRACE_MS, undefined, { ref: false })]);
  for (const client of sockets.clients) client.terminate();
  sockets.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function logInternalError(method: string, error: unknown): void {
  console.error(`cnn-workbench serve: ${method} failed unexpectedly:`, error);
}
