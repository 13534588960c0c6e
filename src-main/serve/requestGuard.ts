// Who may talk to serve mode. Every HTTP request and WebSocket upgrade passes
// here first: the Host header must name this server (a DNS-rebinding page has
// its own host name there), the Origin, when a browser sends one, must be
// this server's, and the access token must match.

import type { IncomingMessage } from 'node:http';
import { authorisedTokenSource } from './accessToken.js';
import type { TokenSource } from './accessToken.js';

export type Admission = { status: 200; tokenSource: TokenSource } | { status: 401 | 403; message: string };

export interface GuardSettings {
  port: number;
  token: string;
}

export function admitRequest(request: IncomingMessage, url: URL, { port, token }: GuardSettings): Admission {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !hosts.includes(host)) {
    return { status: 403, message: `Refused: this server only answers requests addressed to ${hosts.join(' or ')}.` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)) {
    return { status: 403, message: 'Refused: requests from other web pages are not allowed.' };
  }
  const tokenSource = authorisedTokenSource(request, url, port, token);
  if (tokenSource === null) {
    return {
      status: 401,
      message: 'Access token missing or wrong: open the URL that `cnn-workbench serve` printed (it ends in ?token=…).',
    };
  }
  return { status: 200, tokenSource };
}
