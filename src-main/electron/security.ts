// The desktop shell's security rules as pure functions, so they are tested
// under plain Node: which frames may call the API, where the window may
// navigate, which links leave the app for the system browser, what may be
// downloaded, and the headers every page of the app is served with.
//
// The renderer is served from the custom `app://bundle/` origin rather than
// file:// — a real origin gives the CSP a meaning for 'self', and lets every
// check below be an exact protocol + host comparison.

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

// Svelte writes inline style attributes, so styles need 'unsafe-inline';
// scripts never do. The renderer talks to the main process over IPC only, so
// nothing may connect anywhere but the app itself, and it may not be framed
// or frame anything.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every response of the app:// protocol (webRequest header hooks never see custom protocols). */
export function appResponseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Sites the app may open in the system browser; everything else is refused. */
export const EXTERNAL_LINK_ALLOW_LIST: readonly { origin: string; pathPrefix: string }[] = [
  { origin: 'https://github.com', pathPrefix: '/' },
  // Where CIFAR-10 is downloaded from; the dataset import view links to it.
  { origin: 'https://www.cs.toronto.edu', pathPrefix: '/~kriz/' },
];

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for URLs of the bundled renderer: exactly app://bundle, no port, no credentials. */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The path an app:// URL asks for, or null when the URL is not the app's. */
export function appUrlPathname(url: string): string | null {
  return isAppUrl(url) ? new URL(url).pathname : null;
}

/** Whether an IPC message comes from a frame showing the app (its frame may be gone: null). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}

export function isAllowedExternalUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  if (parsed === null || parsed.username !== '' || parsed.password !== '') return false;
  return EXTERNAL_LINK_ALLOW_LIST.some(
    (entry) => parsed.origin === entry.origin && parsed.pathname.startsWith(entry.pathPrefix),
  );
}

export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

/** For `will-navigate`: the window only ever shows the app; allow-listed links go to the system browser. */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  return isAllowedExternalUrl(url) ? 'open-externally' : 'deny';
}

/** For `setWindowOpenHandler`: the app never opens a second window of its own. */
export function decideWindowOpen(url: string): Exclude<NavigationDecision, 'allow'> {
  return isAllowedExternalUrl(url) ? 'open-externally' : 'deny';
}

/** Saving a file from the renderer (an architecture JSON, a chart) is a download of a blob or data URL it made. */
export function isAllowedDownload(url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol === 'data:') return true;
  return parsed.protocol === 'blob:' && isAppUrl(parsed.pathname);
}

/** The app needs no camera, microphone, notifications, geolocation, …: every request is refused. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}
