// The one window. Its webPreferences are written out in full here — not
// spread from a constant — so that Electronegativity, which reads this call,
// sees every security setting, and so does a reviewer.

import { BrowserWindow } from 'electron/main';
import { shell } from 'electron/common';
import type { WebContents } from 'electron/main';
import { decideNavigation, decideWindowOpen } from './security.js';
import { MIN_WINDOW_SIZE, type WindowPlacement } from './windowState.js';

export interface MainWindowOptions {
  title: string;
  preloadPath: string;
  placement: WindowPlacement;
}

function openExternally(url: string): void {
  shell.openExternal(url).catch((error: unknown) => console.error(`Could not open ${url}:`, error));
}

/** The window only ever shows the app; allow-listed links open in the system browser, everything else is dropped. */
function restrictNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-externally') openExternally(event.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url) === 'open-externally') openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow({ title, preloadPath, placement }: MainWindowOptions): BrowserWindow {
  const mainWindow = new BrowserWindow({
    title,
    width: placement.width,
    height: placement.height,
    x: placement.x,
    y: placement.y,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  restrictNavigation(mainWindow.webContents);
  // Shown once painted, so the window never flashes empty (maximize() would show it at once).
  mainWindow.once('ready-to-show', () => {
    if (placement.maximized) mainWindow.maximize();
    mainWindow.show();
  });
  return mainWindow;
}
