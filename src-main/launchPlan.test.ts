import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { electronEnvironment, locateElectronBinary, planLaunch, type ElectronProbe } from './launchPlan.js';

const PACKAGE = '/project/node_modules/electron';

function probe(files: Record<string, string>, overrides: Partial<ElectronProbe> = {}): ElectronProbe {
  return {
    packageDir: PACKAGE,
    env: { DISPLAY: ':0' },
    platform: 'linux',
    readText: (path) => files[path] ?? null,
    exists: (path) => path in files,
    ...overrides,
  };
}

const installed = { [join(PACKAGE, 'path.txt')]: 'electron', [join(PACKAGE, 'dist', 'electron')]: '' };

test('an installed binary opens the desktop app', () => {
  assert.deepEqual(planLaunch(probe(installed)), { mode: 'electron', binaryPath: join(PACKAGE, 'dist', 'electron') });
});

test('the binary path follows path.txt, as electron’s own index.js does', () => {
  const mac = 'Electron.app/Contents/MacOS/Electron';
  const files = { [join(PACKAGE, 'path.txt')]: `${mac}\n`, [join(PACKAGE, 'dist', mac)]: '' };
  assert.deepEqual(locateElectronBinary(probe(files, { platform: 'darwin' })), { found: true, path: join(PACKAGE, 'dist', mac) });
});

test('a skipped download (no path.txt) falls back to serve mode in one sentence naming the fix', () => {
  const plan = planLaunch(probe({}));
  assert.equal(plan.mode, 'serve');
  assert.equal(
    plan.mode === 'serve' && plan.explanation,
    'The Electron binary is not installed (npm skipped its download; `npx install-electron` fetches it), starting serve mode instead.',
  );
});

test('a path.txt whose binary is gone, or no electron package at all, also falls back', () => {
  const orphan = planLaunch(probe({ [join(PACKAGE, 'path.txt')]: 'electron' }));
  assert.ok(orphan.mode === 'serve' && orphan.explanation.startsWith('The Electron binary is not installed ('));
  assert.ok(orphan.mode === 'serve' && orphan.explanation.includes(join(PACKAGE, 'dist', 'electron')));
  const absent = planLaunch(probe(installed, { packageDir: null }));
  assert.ok(absent.mode === 'serve' && absent.explanation.includes('the electron package itself is not installed'));
});

test('ELECTRON_OVERRIDE_DIST_PATH is honoured like electron’s index.js honours it', () => {
  const files = { [join(PACKAGE, 'path.txt')]: 'electron', '/opt/electron/electron': '' };
  assert.deepEqual(planLaunch(probe(files, { env: { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' } })), {
    mode: 'electron',
    binaryPath: '/opt/electron/electron',
  });
  const missing = planLaunch(probe(installed, { env: { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' } }));
  assert.equal(missing.mode, 'serve');
});

test('Linux without a display serves instead; macOS and Windows need no DISPLAY', () => {
  const headless = planLaunch(probe(installed, { env: {} }));
  assert.deepEqual(headless, {
    mode: 'serve',
    explanation: 'No display is available (DISPLAY and WAYLAND_DISPLAY are unset), starting serve mode instead.',
  });
  assert.equal(planLaunch(probe(installed, { env: { WAYLAND_DISPLAY: 'wayland-0' } })).mode, 'electron');
  assert.equal(planLaunch(probe(installed, { env: {}, platform: 'win32' })).mode, 'electron');
});

test('the Electron child never inherits ELECTRON_RUN_AS_NODE', () => {
  assert.deepEqual(electronEnvironment({ ELECTRON_RUN_AS_NODE: '1', HOME: '/home/a' }), { HOME: '/home/a' });
});
