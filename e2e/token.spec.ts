// Serve mode answers only whoever holds the printed token.

import WebSocket from 'ws';
import { SOCKET_PATH, TOKEN_QUERY_PARAMETER } from '../common/api/socketProtocol.js';
import { expect, test } from './fixtures/test.js';

test('pages and the API are refused without the token and served with it', async ({ server, playwright }) => {
  // A fresh request context: no cookie from an earlier visit can stand in for the token.
  const request = await playwright.request.newContext();
  try {
    const withoutToken = await request.get(`${server.origin}/`);
    expect(withoutToken.status()).toBe(401);
    expect(await withoutToken.text()).toContain('token');

    const wrongToken = await request.get(`${server.origin}/?${TOKEN_QUERY_PARAMETER}=${'0'.repeat(64)}`);
    expect(wrongToken.status()).toBe(401);

    const assetWithoutToken = await request.get(`${server.origin}/favicon.svg`);
    expect(assetWithoutToken.status()).toBe(401);

    const withToken = await request.get(server.url);
    expect(withToken.status()).toBe(200);
    expect(await withToken.text()).toContain('<div id="app">');
  } finally {
    await request.dispose();
  }
});

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

test('the API socket is refused without the token and opens with it', async ({ server }) => {
  const socketUrl = `${server.origin.replace('http:', 'ws:')}${SOCKET_PATH}`;
  expect(await upgradeStatus(socketUrl)).toBe(401);
  expect(await upgradeStatus(`${socketUrl}?${TOKEN_QUERY_PARAMETER}=nope`)).toBe(401);
  expect(await upgradeStatus(`${socketUrl}?${TOKEN_QUERY_PARAMETER}=${server.token}`)).toBe(101);
});
