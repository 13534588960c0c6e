// main.ts as it starts and quits, under plain Node: the Electron binary is
// not installed on CI, so 'electron/main' resolves to a recording fake (a
// module hook below) while everything else — the workbench service on a
// temporary database, the dispatcher, the app:// protocol over the built
// renderer, the settings file — is real. What this cannot show is the
// window itself; e2e/electron.spec.ts drives that where a binary exists.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Handler = (...args: never[]) => unknown;

class FakeWebContents extends EventEmitter {
  url = '';
  sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  reload(): void {}
}

class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {}
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1111, height: 777 };
  }
}

const userData = mkdtempSync(join(tmpdir(), 'electron-main-'));
const recorded = {
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, Handler>(),
  ipcHandlers: new Map<string, Handler>(),
  removedIpcHandlers: [] as string[],
  menu: null as unknown,
  errorBoxes: [] as string[],
  permissionRequestHandler: null as Handler | null,
  quitEvents: [] as string[],
};

const appEvents = new EventEmitter();
const fakeElectron = {
  app: {
    isPackaged: false,
    commandLine: { hasSwitch: () => false, getSwitchValue: () => '' },
    setPath: () => undefined,
    getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
    getName: () => 'CNN Workbench',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    quit: () => {
      let prevented = false;
      appEvents.emit('will-quit', { preventDefault: () => (prevented = true) });
      recorded.quitEvents.push(prevented ? 'quit postponed' : 'exited');
    },
  },
  BrowserWindow: FakeBrowserWindow,
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes) },
  session: {
    defaultSession: {
      protocol: { handle: (scheme: string, handler: Handler) => recorded.protocolHandlers.set(scheme, handler) },
      setPermissionRequestHandler: (handler: Handler) => (recorded.permissionRequestHandler = handler),
      setPermissionCheckHandler: () => undefined,
      on: () => undefined,
    },
  },
  // Chromium's file loader, reduced to what the protocol handler needs.
  net: { fetch: async (url: string) => new Response(readFileSync(fileURLToPath(url)), { headers: { 'Content-Type': 'text/html' } }) },
  ipcMain: {
    handle: (channel: string, handler: Handler) => recorded.ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => recorded.removedIpcHandlers.push(channel),
  },
  Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (recorded.menu = menu) },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
  },
  dialog: { showErrorBox: (title: string, message: string) => recorded.errorBoxes.push(`${title}: ${message}`) },
  shell: { openExternal: async () => undefined },
};

const FAKE_MODULE = `const e = globalThis.fakeElectron; export const { ${Object.keys(fakeElectron).join(', ')} } = e;`;
const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron/main' || specifier === 'electron/common') {
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(FAKE_MODULE)}), shortCircuit: true };
  }
  return next(specifier, context);
}`;

/** Generous: the machine running the suite may be busy with training tests. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

async function startMain(): Promise<FakeBrowserWindow> {
  (globalThis as { fakeElectron?: unknown }).fakeElectron = fakeElectron;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  process.env.CNN_WORKBENCH_DB = join(userData, 'runs.sqlite');
  await import('./main.js');
  await waitFor(() => FakeBrowserWindow.created.length > 0 || recorded.errorBoxes.length > 0);
  assert.deepEqual(recorded.errorBoxes, []);
  assert.equal(FakeBrowserWindow.created.length, 1, 'main.ts opened no window');
  return FakeBrowserWindow.created[0];
}

const invoke = (frameUrl: string, method: string, args: unknown[]) =>
  (recorded.ipcHandlers.get('workbench:invoke') as (event: unknown, method: string, args: unknown[]) => Promise<unknown>)(
    { senderFrame: { url: frameUrl } },
    method,
    args,
  );

test('main.ts: start, serve, remember and quit', async (t) => {
  const window = await startMain();
  t.after(() => rmSync(userData, { recursive: true, force: true }));

  await t.test('registers app:// as a standard, secure scheme before the app is ready', () => {
    assert.deepEqual(recorded.privilegedSchemes, [
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  await t.test('opens one sandboxed, isolated window on the bundled renderer with the bundled preload', () => {
    const preferences = window.options.webPreferences as Record<string, unknown>;
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.webSecurity, true);
    assert.equal(preferences.webviewTag, false);
    assert.ok(String(preferences.preload).endsWith('preload.cjs') && existsSync(String(preferences.preload)), 'the preload bundle exists');
    assert.equal(window.webContents.getURL(), 'app://bundle/index.html');
    assert.equal(window.shown, true);
    assert.equal(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' }).action, 'deny');
    const navigate = (url: string) => {
      let prevented = false;
      window.webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented ? 'blocked' : 'allowed';
    };
    assert.deepEqual(
      ['app://bundle/index.html', 'https://example.com/', 'file:///etc/passwd'].map(navigate),
      ['allowed', 'blocked', 'blocked'],
    );
  });

  await t.test('serves the renderer on app:// with the CSP, and nothing outside it', async () => {
    const handler = recorded.protocolHandlers.get('app') as (request: { url: string }) => Promise<Response>;
    const index = await handler({ url: 'app://bundle/index.html' });
    assert.equal(index.status, 200);
    assert.match(index.headers.get('Content-Security-Policy') ?? '', /script-src 'self'/);
    assert.match(await index.text(), /<div id="app">/);
    for (const url of ['app://bundle/../../package.json', 'app://bundle/%2e%2e/src-main/launch.js', 'app://other/index.html']) {
      assert.equal((await handler({ url })).status, 404, url);
    }
  });

  await t.test('answers API calls from the app over IPC, from the real service', async () => {
    const reply = (await invoke('app://bundle/index.html', 'getAppInfo', [])) as { result: { carrier: string; databasePath: string } };
    assert.equal(reply.result.carrier, 'electron');
    assert.equal(reply.result.databasePath, join(userData, 'runs.sqlite'));
    const presets = (await invoke('app://bundle/index.html', 'listPresets', [])) as { result: unknown[] };
    assert.ok(presets.result.length > 0);
    await assert.rejects(invoke('file:///etc/passwd', 'getAppInfo', []), /Refused/);
  });

  await t.test('denies permission requests and installs the menu', () => {
    let granted: boolean | null = null;
    (recorded.permissionRequestHandler as (contents: unknown, permission: string, callback: (granted: boolean) => void) => void)(
      null,
      'media',
      (answer) => (granted = answer),
    );
    assert.equal(granted, false);
    const labels = (recorded.menu as { label?: string; role?: string }[]).map((item) => item.label ?? item.role);
    assert.deepEqual(labels, ['File', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  await t.test('remembers the window bounds when it closes', () => {
    window.emit('close');
    const settings = JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'));
    assert.deepEqual(settings.window, { bounds: { x: 40, y: 30, width: 1111, height: 777 }, maximized: false });
  });

  await t.test('quitting waits for the workbench to close, then exits', async () => {
    fakeElectron.app.quit();
    assert.deepEqual(recorded.quitEvents, ['quit postponed']);
    await waitFor(() => recorded.quitEvents.length >= 2);
    assert.deepEqual(recorded.quitEvents, ['quit postponed', 'exited']);
    assert.deepEqual(recorded.removedIpcHandlers, ['workbench:invoke']);
  });
});
