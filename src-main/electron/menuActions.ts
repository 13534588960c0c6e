// What the menu's callbacks do in the running app: native dialogs in the
// main process (the sandboxed page cannot see paths), then either a command
// to the renderer or, for Open Database…, a switch of the session.

import { dialog } from 'electron/main';
import type { BrowserWindow, OpenDialogOptions } from 'electron/main';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { aboutDetail, type MenuActions } from './menu.js';
import type { MenuCommand } from './menuCommand.js';
import type { WorkbenchSession } from './workbenchSession.js';

export interface MenuActionContext {
  appName: string;
  appVersion: string;
  window(): BrowserWindow | null;
  session: WorkbenchSession;
  sendMenuCommand(command: MenuCommand): void;
  /** After another database was opened: remember it and show it. */
  onDatabaseOpened(databasePath: string): void;
}

// Architectures are a few kilobytes of JSON; anything this large was picked by mistake.
const MAX_ARCHITECTURE_BYTES = 5 * 1024 * 1024;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createMenuActions(context: MenuActionContext): MenuActions {
  async function chooseOne(options: OpenDialogOptions): Promise<string | null> {
    const owner = context.window();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  function run(title: string, action: () => Promise<void>): () => void {
    return () => {
      action().catch((error: unknown) => dialog.showErrorBox(title, messageOf(error)));
    };
  }

  async function openArchitecture(): Promise<void> {
    const path = await chooseOne({
      title: 'Open Architecture JSON',
      properties: ['openFile'],
      filters: [{ name: 'Architecture JSON', extensions: ['json'] }],
    });
    if (path === null) return;
    const { size } = await stat(path);
    if (size > MAX_ARCHITECTURE_BYTES) {
      throw new Error(`${basename(path)} is ${Math.round(size / 1024)} KiB; an architecture file is a few KiB of JSON.`);
    }
    context.sendMenuCommand({ command: 'open-architecture', fileName: basename(path), text: await readFile(path, 'utf8') });
  }

  async function importDataset(options: OpenDialogOptions): Promise<void> {
    const path = await chooseOne(options);
    if (path !== null) context.sendMenuCommand({ command: 'import-dataset', path });
  }

  /** Closing the database stops the worker pool; training in progress is asked about first. */
  async function confirmStoppingTraining(): Promise<boolean> {
    const api = await context.session.api();
    const active = [...(await api.listRuns({ status: 'running' })), ...(await api.listRuns({ status: 'paused' }))];
    if (active.length === 0) return true;
    const owner = context.window();
    const options = {
      type: 'warning' as const,
      message: 'Training is in progress',
      detail: `Opening another database stops ${active.length === 1 ? 'the run' : `${active.length} runs`} now training or paused.`,
      buttons: ['Stop Training and Open', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    };
    const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
    return response === 0;
  }

  async function openDatabase(): Promise<void> {
    const path = await chooseOne({
      title: 'Open Database',
      properties: ['openFile', 'promptToCreate', 'createDirectory'],
      filters: [{ name: 'Workbench database', extensions: ['sqlite', 'db'] }],
    });
    if (path === null || path === (await context.session.databasePath())) return;
    if (!(await confirmStoppingTraining())) return;
    try {
      await context.session.switchDatabase(path);
    } catch (error) {
      throw new Error(`${path} could not be opened (${messageOf(error)}). The previous database is open again.`);
    }
    context.onDatabaseOpened(path);
  }

  async function showAbout(): Promise<void> {
    const options = {
      type: 'info' as const,
      title: `About ${context.appName}`,
      message: `${context.appName} ${context.appVersion}`,
      detail: aboutDetail(process.versions, await context.session.databasePath()),
    };
    const owner = context.window();
    await (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options));
  }

  return {
    newArchitecture: () => context.sendMenuCommand({ command: 'new-architecture' }),
    openArchitecture: run('Could not open the architecture', openArchitecture),
    saveArchitecture: () => context.sendMenuCommand({ command: 'save-architecture' }),
    importDatasetFolder: run('Could not import the dataset', () =>
      importDataset({ title: 'Import Dataset Folder (pictures in class folders, IDX or CIFAR-10)', properties: ['openDirectory'] }),
    ),
    importDatasetArchive: run('Could not import the dataset', () =>
      importDataset({
        title: 'Import Dataset Archive (CIFAR-10)',
        properties: ['openFile'],
        filters: [{ name: 'Dataset archives', extensions: ['gz', 'tgz', 'tar'] }],
      }),
    ),
    openDatabase: run('Could not open the database', openDatabase),
    showAbout: run('Could not show the versions', showAbout),
  };
}
