// The built renderer as static files. Only regular files inside the renderer
// folder are served — after resolving symbolic links, so a link cannot lead
// out — and never a directory listing or a dotfile. The root serves
// index.html; HTML is never cached (it names the current hashed assets).

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export const INDEX_FILE = 'index.html';

/**
 * The file a URL path names inside `rootDir` (itself a real path), or null
 * when it is outside, hidden, not a regular file or missing.
 */
export async function resolveStaticFile(rootDir: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // Refuses `..` (including an encoded one that survived URL parsing) and every dotfile.
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  const candidate = join(rootDir, ...(segments.length === 0 ? [INDEX_FILE] : segments));
  try {
    const resolved = await realpath(candidate);
    if (!resolved.startsWith(rootDir + sep)) return null;
    return (await stat(resolved)).isFile() ? resolved : null;
  } catch {
    return null;
  }
}

export async function sendStaticFile(
  response: ServerResponse,
  filePath: string,
  headOnly: boolean,
  headers: Record<string, string>,
): Promise<void> {
  const { size } = await stat(filePath);
  const type = MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': String(size),
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
  });
  if (headOnly) {
    response.end();
    return;
  }
  const stream = createReadStream(filePath);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
