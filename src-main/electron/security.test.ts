import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_ENTRY_URL,
  appResponseHeaders,
  appUrlPathname,
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedDownload,
  isAllowedExternalUrl,
  isTrustedSender,
} from './security.js';

test('the app itself is a trusted sender', () => {
  assert.equal(isTrustedSender(APP_ENTRY_URL), true);
  assert.equal(isTrustedSender('app://bundle/'), true);
  assert.equal(isTrustedSender('app://bundle/index.html#/runs/3'), true);
});

test('look-alikes, other schemes and missing frames are not trusted senders', () => {
  for (const url of [
    'app://bundle.evil/index.html',
    'app://evil.bundle/index.html',
    'app://bundle:8080/index.html',
    'app://user@bundle/index.html',
    'app://user:pass@bundle/index.html',
    'app:///bundle/index.html',
    'app:bundle/index.html',
    'apps://bundle/index.html',
    'https://bundle/index.html',
    'file:///etc/passwd',
    'file:///work/main/dist/renderer/index.html',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'null',
    '',
  ]) {
    assert.equal(isTrustedSender(url), false, url);
  }
  assert.equal(isTrustedSender(null), false);
  assert.equal(isTrustedSender(undefined), false);
});

test('appUrlPathname gives the path of app URLs only', () => {
  assert.equal(appUrlPathname('app://bundle/assets/index-abc.js'), '/assets/index-abc.js');
  assert.equal(appUrlPathname('app://bundle/'), '/');
  // The URL parser has already resolved dot segments: they cannot climb out.
  assert.equal(appUrlPathname('app://bundle/assets/../../../etc/passwd'), '/etc/passwd');
  assert.equal(appUrlPathname('app://other/index.html'), null);
});

test('navigation stays in the app; allow-listed links open externally; the rest is denied', () => {
  assert.equal(decideNavigation('app://bundle/index.html'), 'allow');
  assert.equal(decideNavigation('https://github.com/some/repo'), 'open-externally');
  assert.equal(decideNavigation('https://www.cs.toronto.edu/~kriz/cifar.html'), 'open-externally');
  for (const url of ['https://example.com/', 'http://github.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://bundle.evil/']) {
    assert.equal(decideNavigation(url), 'deny', url);
  }
});

test('new windows are never opened by the app', () => {
  assert.equal(decideWindowOpen('app://bundle/index.html'), 'deny');
  assert.equal(decideWindowOpen('https://example.com/'), 'deny');
  assert.equal(decideWindowOpen('https://github.com/'), 'open-externally');
});

test('openExternal allow-list matches exact origins and path prefixes', () => {
  assert.equal(isAllowedExternalUrl('https://github.com/'), true);
  assert.equal(isAllowedExternalUrl('https://GITHUB.com/x'), true, 'hosts compare case-insensitively');
  for (const url of [
    'https://github.com.evil.com/',
    'https://evil.com/github.com/',
    'https://github.com@evil.com/',
    'https://user@github.com/',
    'https://github.com:8443/',
    'http://github.com/',
    'https://gist.github.com/',
    'https://www.cs.toronto.edu/~someoneelse/',
    'https://www.cs.toronto.edu/',
    'ftp://github.com/',
    'not a url',
    42,
  ]) {
    assert.equal(isAllowedExternalUrl(url), false, String(url));
  }
});

test('only downloads the page made itself are allowed', () => {
  assert.equal(isAllowedDownload('blob:app://bundle/3f1c2a9e-0000-4000-8000-000000000000'), true);
  assert.equal(isAllowedDownload('data:application/json;base64,e30='), true);
  assert.equal(isAllowedDownload('blob:app://bundle.evil/3f1c'), false);
  assert.equal(isAllowedDownload('blob:https://example.com/3f1c'), false);
  assert.equal(isAllowedDownload('https://example.com/malware.exe'), false);
  assert.equal(isAllowedDownload('app://bundle/index.html'), false);
});

test('permission requests and checks are denied', () => {
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    let granted: boolean | null = null;
    denyPermissionRequest(null, permission, (answer) => {
      granted = answer;
    });
    assert.equal(granted, false, permission);
  }
  assert.equal(denyPermissionCheck(), false);
});

test('the CSP allows scripts from the app only and every response carries it', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe-eval'));
  assert.equal(appResponseHeaders()['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  assert.equal(appResponseHeaders()['X-Content-Type-Options'], 'nosniff');
});
