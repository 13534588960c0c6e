// The desktop app's entry: one window showing the built renderer from
// app://bundle/, the API implementation in this process (training runs in
// its worker threads), the native menu, and a clean shutdown that waits for
// the worker pool and the database to close.

import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron/main';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkbenchService } from '../api/workbenchService.js';
import { DATABASE_ENV_VARIABLE, prepareDatabasePath } from '../store/databasePath.js';
import { hardenSession, registerAppScheme } from './appProtocol.js';
import { datasetPathChooser } from './datasetDialog.js';
import { createInvokeHandler } from './ipcBridge.js';
import { eventChannel, INVOKE_CHANNEL } from './ipcChannels.js';
import { buildMenuTemplate } from './menu.js';
import { createMenuActions } from './menuActions.js';
import { MENU_COMMAND_EVENT, type MenuCommand } from './menuCommand.js';
import { APP_ENTRY_URL, isTrustedSender } from './security.js';
import { readShellSettings, writeShellSettings, type ShellSettings } from './shellSettings.js';
import { createMainWindow } from './mainWindow.js';
import { reportPdfSaver } from './reportPdf.js';
import { placeWindow } from './windowState.js';
import { WorkbenchSession } from './workbenchSession.js';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '..', '..', 'renderer');
const PRELOAD_PATH = join(here, 'preload.cjs');

let mainWindow: BrowserWindow | null = null;
let workbench: Promise<WorkbenchSession> | null = null;
let shutdown: 'running' | 'closing' | 'closed' = 'running';

function settingsFile(): string {
  return join(app.getPath('userData'), 'settings.json');
}

function remember(change: Partial<ShellSettings>): void {
  writeShellSettings(settingsFile(), { ...readShellSettings(settingsFile()), ...change });
}

function sendToWindow(channel: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed() && isTrustedSender(mainWindow.webContents.getURL())) {
    mainWindow.webContents.send(channel, payload);
  }
}

function openWorkbench(databasePath: string): Promise<WorkbenchSession> {
  return WorkbenchSession.open(databasePath, {
    openService: (path) =>
      createWorkbenchService({
        databasePath: path,
        carrier: 'electron',
        chooseDatasetPath: datasetPathChooser(() => mainWindow),
        saveReportPdf: reportPdfSaver(() => mainWindow),
      }),
    events: {
      currentUrl: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.getURL() : null),
      send: (channel, payload) => sendToWindow(channel, payload),
    },
    onInternalError: (method, error) => console.error(`workbench API ${method} failed:`, error),
  });
}

/**
 * The database chosen last time with File ▸ Open Database…, unless CNN_WORKBENCH_DB names one;
 * otherwise, or when the chosen one is gone or broken, the standard one the CLI and serve mode use.
 */
async function openRememberedWorkbench(settings: ShellSettings): Promise<WorkbenchSession> {
  const standardPath = prepareDatabasePath();
  if (process.env[DATABASE_ENV_VARIABLE]?.trim() || settings.databasePath === null || settings.databasePath === standardPath) {
    return openWorkbench(standardPath);
  }
  try {
    return await openWorkbench(settings.databasePath);
  } catch (error) {
    dialog.showErrorBox(
      'Could not open the last database',
      `${settings.databasePath}: ${error instanceof Error ? error.message : String(error)}\nThe standard database is open instead.`,
    );
    remember({ databasePath: null });
    return openWorkbench(standardPath);
  }
}

function openMainWindow(settings: ShellSettings): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const created = createMainWindow({
    title: app.getName(),
    preloadPath: PRELOAD_PATH,
    placement: placeWindow(settings.window, [primary, ...others].map((display) => display.workArea)),
  });
  created.on('close', () => remember({ window: { bounds: created.getNormalBounds(), maximized: created.isMaximized() } }));
  created.on('closed', () => {
    if (mainWindow === created) mainWindow = null;
  });
  created.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('The window could not load the app:', error));
  return created;
}

function installMenu(workbenchSession: WorkbenchSession): void {
  const actions = createMenuActions({
    appName: app.getName(),
    appVersion: app.getVersion(),
    window: () => mainWindow,
    session: workbenchSession,
    sendMenuCommand: (command: MenuCommand) => sendToWindow(eventChannel(MENU_COMMAND_EVENT), command),
    onDatabaseOpened: (databasePath) => {
      remember({ databasePath });
      // A fresh page: every view reloads its data from the database now open.
      mainWindow?.webContents.reload();
    },
  });
  const template = buildMenuTemplate({ appName: app.getName(), platform: process.platform, development: !app.isPackaged, actions });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function start(): Promise<void> {
  await app.whenReady();
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    dialog.showErrorBox(`${app.getName()} cannot start`, `The user interface is not built (${RENDERER_DIR} is missing). Run npm run build.`);
    app.quit();
    return;
  }
  hardenSession(session.defaultSession, RENDERER_DIR);
  const settings = readShellSettings(settingsFile());
  workbench = openRememberedWorkbench(settings);
  const ready = await workbench;
  ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler(() => ready.dispatcher()));
  installMenu(ready);
  mainWindow = openMainWindow(settings);
  app.on('activate', () => {
    if (mainWindow === null) mainWindow = openMainWindow(readShellSettings(settingsFile()));
  });
}

/** Quitting waits for the worker pool to stop and the database to close, then quits for real. */
function closeWorkbenchThenQuit(event: Electron.Event): void {
  if (shutdown === 'closed') return;
  event.preventDefault();
  if (shutdown === 'closing') return;
  shutdown = 'closing';
  ipcMain.removeHandler(INVOKE_CHANNEL);
  const closing = workbench ? workbench.then((session) => session.close()) : Promise.resolve();
  closing
    .catch((error: unknown) => console.error('The workbench did not shut down cleanly:', error))
    .finally(() => {
      shutdown = 'closed';
      app.quit();
    });
}

// Another profile (and database) for tests and for people who want one: --user-data-dir=<folder>.
if (app.commandLine.hasSwitch('user-data-dir')) app.setPath('userData', app.commandLine.getSwitchValue('user-data-dir'));
registerAppScheme();

// Two instances would share one database and one worker pool's worth of cores.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', closeWorkbenchThenQuit);
  start().catch((error: unknown) => {
    dialog.showErrorBox(`${app.getName()} could not start`, error instanceof Error ? error.message : String(error));
    app.quit();
  });
}
