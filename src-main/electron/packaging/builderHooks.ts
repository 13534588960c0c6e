// electron-builder hooks that keep better-sqlite3 working under plain Node
// while the packaged app gets a build for Electron's ABI.
//
// better-sqlite3 is a native addon: its .node file is compiled for one ABI
// (NODE_MODULE_VERSION). node_modules holds the build for Node — tests, the
// CLI and serve mode load it. Packaging needs the one for Electron, and
// electron-builder's npmRebuild rebuilds it *in place* in node_modules when the
// app and the project share one package.json, as here. So beforeBuild sets
// the Node build aside, electron-builder rebuilds and copies the Electron
// build into the app, and afterPack puts the Node build back. electron-builder
// finds each hook by its export name.

import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

const BINDING = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
// node_modules/.cache is never packaged and survives until the next install.
const SAVED_BINDING = join('node_modules', '.cache', 'cnn-workbench', 'better_sqlite3.node-for-node');

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function saveNodeBinding(projectDir: string): Promise<void> {
  const binding = join(projectDir, BINDING);
  const saved = join(projectDir, SAVED_BINDING);
  // A backup left by a failed packaging run is the Node build; the binding may be Electron's by now.
  if (!(await exists(binding)) || (await exists(saved))) return;
  await mkdir(join(saved, '..'), { recursive: true });
  await copyFile(binding, saved);
}

export async function restoreNodeBinding(projectDir: string): Promise<void> {
  const saved = join(projectDir, SAVED_BINDING);
  if (await exists(saved)) await rename(saved, join(projectDir, BINDING));
}

/** Runs before electron-builder rebuilds native modules; true lets it go ahead. */
export async function beforeBuild(context: { appDir: string }): Promise<boolean> {
  await saveNodeBinding(context.appDir);
  return true;
}

/** Runs once the app (with the Electron build) is copied into the package. */
export async function afterPack(context: { packager: { info: { appDir: string } } }): Promise<void> {
  await restoreNodeBinding(context.packager.info.appDir);
}
