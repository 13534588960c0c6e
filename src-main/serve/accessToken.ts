// The access token that stands between serve mode and every other process or
// web page on this machine: random, compared in constant time, accepted from
// the query string (the printed URL), a Bearer header (scripts, tests) or a
// cookie the server sets on the first authorised request (so the page's
// assets and reloads need not carry it).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_QUERY_PARAMETER } from '../../common/api/socketProtocol.js';

export function createAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/** Tokens passed in (tests, e2e) must still be long and URL-safe. */
export function assertUsableToken(token: string): void {
  if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) {
    throw new Error('The serve-mode access token must be at least 32 characters of A–Z, a–z, 0–9, _ or -.');
  }
}

/** Constant time whatever the inputs: hashing first makes the lengths equal. */
export function tokensEqual(candidate: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}

/**
 * Cookies ignore ports, so two servers on one host would overwrite a shared
 * name; the port in the name keeps each server's token apart.
 */
export function tokenCookieName(port: number): string {
  return `cnn-workbench-token-${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export type TokenSource = 'query' | 'header' | 'cookie';

/** The first of the request's offered tokens that matches, or null. */
export function authorisedTokenSource(request: IncomingMessage, url: URL, port: number, token: string): TokenSource | null {
  const offered: [TokenSource, string | null][] = [
    ['query', url.searchParams.get(TOKEN_QUERY_PARAMETER)],
    ['header', bearerToken(request.headers.authorization)],
    ['cookie', cookieValue(request.headers.cookie, tokenCookieName(port))],
  ];
  for (const [source, candidate] of offered) {
    if (candidate !== null && tokensEqual(candidate, token)) return source;
  }
  return null;
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}
