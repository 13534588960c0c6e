// The native menu as a template built from callbacks, so what each item does
// is tested without Electron. Items that only the platform implements (quit,
// edit, zoom, window) use Electron roles; everything that needs the app is a
// callback that main.ts wires to a dialog or a renderer command.

import type { MenuItemConstructorOptions } from 'electron/main';

export interface MenuActions {
  newArchitecture(): void;
  openArchitecture(): void;
  saveArchitecture(): void;
  importDatasetFolder(): void;
  importDatasetArchive(): void;
  openDatabase(): void;
  showAbout(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Reload and developer tools are offered only to people working on the app itself. */
  development: boolean;
  actions: MenuActions;
}

function fileMenu({ platform, actions }: MenuOptions): MenuItemConstructorOptions {
  const items: MenuItemConstructorOptions[] = [
    { label: 'New Architecture', accelerator: 'CmdOrCtrl+N', click: () => actions.newArchitecture() },
    { label: 'Open Architecture JSON…', accelerator: 'CmdOrCtrl+O', click: () => actions.openArchitecture() },
    { label: 'Save Architecture JSON…', accelerator: 'CmdOrCtrl+S', click: () => actions.saveArchitecture() },
    { type: 'separator' },
    // Two items because Windows and Linux file dialogs pick either files or folders, never both.
    { label: 'Import Dataset Folder…', click: () => actions.importDatasetFolder() },
    { label: 'Import Dataset Archive…', click: () => actions.importDatasetArchive() },
    { type: 'separator' },
    { label: 'Open Database…', click: () => actions.openDatabase() },
  ];
  // On macOS, Quit lives in the application menu.
  if (platform !== 'darwin') items.push({ type: 'separator' }, { role: 'quit' });
  return { label: 'File', submenu: items };
}

function viewMenu({ development }: MenuOptions): MenuItemConstructorOptions {
  const developerItems: MenuItemConstructorOptions[] = development
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return {
    label: 'View',
    submenu: [
      ...developerItems,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { appName, platform, actions } = options;
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.showAbout() };
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({
      label: appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(fileMenu(options), { role: 'editMenu' }, viewMenu(options), { role: 'windowMenu' });
  template.push({ role: 'help', submenu: [about] });
  return template;
}

/** The About dialog's detail: the versions a bug report needs, and which database is open. */
export function aboutDetail(versions: Partial<Record<string, string>>, databasePath: string): string {
  const lines = [
    ['Electron', versions.electron],
    ['Chromium', versions.chrome],
    ['Node.js', versions.node],
    ['V8', versions.v8],
  ]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, version]) => `${name} ${version}`);
  return [...lines, '', `Database: ${databasePath}`].join('\n');
}
