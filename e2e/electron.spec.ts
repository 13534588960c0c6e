// The real desktop app, driven through Playwright's Electron support: the
// window, the preload bridge, the security settings, the menu, the
// remembered window placement and a clean quit. It needs the Electron binary
// and a display; where either is missing (as on CI, which installs with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1) every test is reported as skipped, with
// the reason. Build first: `npm run build`.

import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_EVENTS, API_METHODS, type WorkbenchApi } from '../common/api/contract.js';
import { locateElectronBinary } from '../src-main/launchPlan.js';
import { AppShell } from './pages/appShell.js';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

// Found without requiring the electron package, which would try to download a missing binary.
const binary = locateElectronBinary({
  packageDir: electronPackageDir(),
  env: process.env,
  platform: process.platform,
  readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
  exists: existsSync,
});
const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !binary.found
  ? `the Electron binary is not installed (${binary.reason})`
  : headlessLinux
    ? 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset; try xvfb-run)'
    : null;

interface DesktopApp {
  app: ElectronApplication;
  window: Page;
}

/** Launches the app on its own profile and database, so nothing touches the developer's. */
async function launch(profile: string): Promise<DesktopApp> {
  if (!binary.found) throw new Error('unreachable: the tests are skipped without a binary');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  env.CNN_WORKBENCH_DB = join(profile, 'runs.sqlite');
  const app = await electron.launch({
    executablePath: binary.path,
    args: [PROJECT_ROOT, `--user-data-dir=${profile}`],
    env,
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return { app, window };
}

test.describe('desktop app', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(skipReason !== null, skipReason ?? '');

  let profile: string;
  let desktop: DesktopApp;

  test.beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'cnn-workbench-electron-'));
    desktop = await launch(profile);
  });

  test.afterAll(async () => {
    await desktop?.app.close();
    rmSync(profile, { recursive: true, force: true });
  });

  test('one window shows the bundled renderer from app://bundle/', async () => {
    expect(desktop.app.windows()).toHaveLength(1);
    expect(desktop.window.url()).toMatch(/^app:\/\/bundle\/index\.html/);
    await expect(desktop.window).toHaveTitle('CNN Workbench');
    await new AppShell(desktop.window).goTo('runs');
  });

  test('the page gets exactly the API contract, and no Node.js', async () => {
    const seen = await desktop.window.evaluate(() => ({
      api: Object.keys((window as unknown as { workbench: object }).workbench).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
    }));
    expect(seen).toEqual({ api: [...API_METHODS, ...API_EVENTS].sort(), require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('API calls reach the main process and errors keep their code', async () => {
    // Functions passed to evaluate run in the page, where window.workbench is the preload's API.
    const info = await desktop.window.evaluate(() => (window as unknown as { workbench: WorkbenchApi }).workbench.getAppInfo());
    expect(info.carrier).toBe('electron');
    expect(info.versions.electron).toBeTruthy();
    expect(info.databasePath).toBe(join(profile, 'runs.sqlite'));
    const failure = await desktop.window.evaluate(() =>
      (window as unknown as { workbench: WorkbenchApi }).workbench.getRun(987654).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    expect(failure).toMatchObject({ code: 'not-found' });
  });

  test('the CSP stops inline scripts', async () => {
    const ran = await desktop.window.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.inlineScriptRan = "yes"';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return document.body.dataset.inlineScriptRan ?? 'no';
    });
    expect(ran).toBe('no');
  });

  test('the window cannot navigate away or open other windows', async () => {
    const before = desktop.window.url();
    const opened = await desktop.window.evaluate(() => window.open('https://example.com/') === null);
    await desktop.window.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await desktop.window.waitForTimeout(500);
    expect(opened).toBe(true);
    expect(desktop.window.url()).toBe(before);
    expect(desktop.app.windows()).toHaveLength(1);
  });

  test('the native menu carries the app’s commands', async () => {
    const menu = await desktop.app.evaluate(({ Menu }) =>
      Menu.getApplicationMenu()?.items.map((item) => ({ label: item.label, items: item.submenu?.items.map((sub) => sub.label) ?? [] })),
    );
    const file = menu?.find((item) => item.label === 'File');
    expect(file?.items).toEqual(
      expect.arrayContaining(['New Architecture', 'Open Architecture JSON…', 'Save Architecture JSON…', 'Open Database…']),
    );
    expect(menu?.map((item) => item.label)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
  });

  test('the window opens where it was closed, and quitting exits cleanly', async () => {
    const bounds = { x: 120, y: 90, width: 1100, height: 760 };
    await desktop.app.evaluate(({ BrowserWindow }, wanted) => BrowserWindow.getAllWindows()[0].setBounds(wanted), bounds);
    await desktop.app.close();
    expect(desktop.app.process().exitCode).toBe(0);

    desktop = await launch(profile);
    const restored = await desktop.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getNormalBounds());
    expect({ width: restored.width, height: restored.height }).toEqual({ width: bounds.width, height: bounds.height });
  });
});
