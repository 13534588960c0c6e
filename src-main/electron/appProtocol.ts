// Serves the built renderer on app://bundle/ and locks the session down:
// responses carry the CSP, permission requests are refused, and downloads
// are limited to files the page itself made (saving an architecture JSON).

import { net, protocol } from 'electron/main';
import type { Session } from 'electron/main';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolveStaticFile } from '../serve/staticFiles.js';
import {
  APP_SCHEME,
  appResponseHeaders,
  appUrlPathname,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedDownload,
} from './security.js';

/** Must run before the app is ready: a standard, secure scheme gets a real origin, relative URLs and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function withAppHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(appResponseHeaders())) headers.set(name, value);
  return new Response(response.body, { status: response.status, headers });
}

export function hardenSession(session: Session, rendererDir: string): void {
  const rendererRoot = realpathSync(rendererDir);
  session.protocol.handle(APP_SCHEME, async (request) => {
    const pathname = appUrlPathname(request.url);
    const file = pathname === null ? null : await resolveStaticFile(rendererRoot, pathname);
    if (file === null) return new Response('Not found', { status: 404, headers: appResponseHeaders() });
    // Chromium's file loader reads inside app.asar and picks the MIME type module scripts need.
    return withAppHeaders(await net.fetch(pathToFileURL(file).toString()));
  });

  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);

  session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL())) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ defaultPath: item.getFilename() });
  });
}
