import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron/main';
import { aboutDetail, buildMenuTemplate, type MenuActions, type MenuOptions } from './menu.js';

function recordingActions(): { actions: MenuActions; calls: string[] } {
  const calls: string[] = [];
  const record = (name: keyof MenuActions) => () => {
    calls.push(name);
  };
  return {
    calls,
    actions: {
      newArchitecture: record('newArchitecture'),
      openArchitecture: record('openArchitecture'),
      saveArchitecture: record('saveArchitecture'),
      importDatasetFolder: record('importDatasetFolder'),
      importDatasetArchive: record('importDatasetArchive'),
      openDatabase: record('openDatabase'),
      showAbout: record('showAbout'),
    },
  };
}

function template(overrides: Partial<MenuOptions> = {}) {
  const { actions, calls } = recordingActions();
  const menu = buildMenuTemplate({ appName: 'CNN Workbench', platform: 'linux', development: false, actions, ...overrides });
  return { menu, calls };
}

function submenu(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const item = menu.find((entry) => entry.label === label || entry.role === label);
  assert.ok(item, `no ${label} menu`);
  assert.ok(Array.isArray(item.submenu), `${label} has no submenu`);
  return item.submenu;
}

function click(item: MenuItemConstructorOptions): void {
  assert.ok(item.click, `${item.label ?? item.role} has no action`);
  (item.click as () => void)();
}

test('the File menu offers the app’s file operations in order, each wired to its action', () => {
  const { menu, calls } = template();
  const file = submenu(menu, 'File');
  const labelled = file.filter((item) => item.label !== undefined);
  assert.deepEqual(
    labelled.map((item) => item.label),
    ['New Architecture', 'Open Architecture JSON…', 'Save Architecture JSON…', 'Import Dataset Folder…', 'Import Dataset Archive…', 'Open Database…'],
  );
  for (const item of labelled) click(item);
  assert.deepEqual(calls, ['newArchitecture', 'openArchitecture', 'saveArchitecture', 'importDatasetFolder', 'importDatasetArchive', 'openDatabase']);
  assert.equal(file.at(-1)?.role, 'quit', 'Quit ends the File menu outside macOS');
});

test('keyboard shortcuts for new, open and save', () => {
  const file = submenu(template().menu, 'File');
  const accelerators = Object.fromEntries(file.filter((item) => item.accelerator).map((item) => [item.label, item.accelerator]));
  assert.deepEqual(accelerators, {
    'New Architecture': 'CmdOrCtrl+N',
    'Open Architecture JSON…': 'CmdOrCtrl+O',
    'Save Architecture JSON…': 'CmdOrCtrl+S',
  });
});

test('reload and developer tools appear only in development', () => {
  const developerRoles = ['reload', 'forceReload', 'toggleDevTools'];
  const production = submenu(template({ development: false }).menu, 'View').map((item) => item.role);
  const development = submenu(template({ development: true }).menu, 'View').map((item) => item.role);
  for (const role of developerRoles) {
    assert.ok(!production.includes(role as never), `${role} in production`);
    assert.ok(development.includes(role as never), `${role} missing in development`);
  }
  assert.ok(production.includes('zoomIn') && production.includes('resetZoom'));
});

test('Help ▸ About shows the versions', () => {
  const { menu, calls } = template();
  const about = submenu(menu, 'help').find((item) => item.label === 'About CNN Workbench');
  assert.ok(about);
  click(about);
  assert.deepEqual(calls, ['showAbout']);
});

test('on macOS the application menu holds About and Quit, and File has no Quit', () => {
  const { menu, calls } = template({ platform: 'darwin' });
  const appMenu = submenu(menu, 'CNN Workbench');
  assert.equal(menu[0].label, 'CNN Workbench');
  assert.ok(appMenu.some((item) => item.role === 'quit'));
  assert.ok(!submenu(menu, 'File').some((item) => item.role === 'quit'));
  click(appMenu[0]);
  assert.deepEqual(calls, ['showAbout']);
});

test('the About text names every runtime version and the database', () => {
  const detail = aboutDetail({ electron: '45.5.0', chrome: '142.0.1', node: '22.20.0', v8: '14.2.1' }, '/home/a/runs.sqlite');
  assert.equal(detail, 'Electron 45.5.0\nChromium 142.0.1\nNode.js 22.20.0\nV8 14.2.1\n\nDatabase: /home/a/runs.sqlite');
  assert.equal(aboutDetail({ node: '20.19.0' }, 'x'), 'Node.js 20.19.0\n\nDatabase: x');
});
