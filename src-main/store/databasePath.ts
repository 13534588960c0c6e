// Where the run database lives: `--db PATH` beats `CNN_WORKBENCH_DB`, which
// beats the user's data folder for this platform.

import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { IN_MEMORY } from './openDatabase.js';

export const DATABASE_ENV_VARIABLE = 'CNN_WORKBENCH_DB';
export const DATABASE_FILE_NAME = 'runs.sqlite';

export interface DatabaseLocationInputs {
  /** The `--db PATH` option, when given. */
  dbOption?: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  homeDir?: string;
  cwd?: string;
}

/** The per-user data folder: XDG on Linux and the BSDs, Application Support on macOS, %APPDATA% on Windows. */
export function userDataFolder(platform: NodeJS.Platform, env: Record<string, string | undefined>, homeDir: string): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homeDir, 'AppData', 'Roaming'), 'CNN Workbench');
  }
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'CNN Workbench');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdgDataHome = env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : null;
  return path.posix.join(xdgDataHome ?? path.posix.join(homeDir, '.local', 'share'), 'cnn-workbench');
}

/** Resolves the database path without touching the disk; relative overrides are taken from `cwd`. */
export function resolveDatabasePath(inputs: DatabaseLocationInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const override = [inputs.dbOption, env[DATABASE_ENV_VARIABLE]].find((candidate) => candidate && candidate.trim() !== '');
  if (override === IN_MEMORY) return IN_MEMORY;
  if (override) return path.resolve(inputs.cwd ?? process.cwd(), override);
  const folder = userDataFolder(platform, env, inputs.homeDir ?? homedir());
  return platform === 'win32' ? path.win32.join(folder, DATABASE_FILE_NAME) : path.posix.join(folder, DATABASE_FILE_NAME);
}

/** Resolves the path and creates its folder, so the first run on a new machine just works. */
export function prepareDatabasePath(inputs: DatabaseLocationInputs = {}): string {
  const databasePath = resolveDatabasePath(inputs);
  if (databasePath !== IN_MEMORY) mkdirSync(path.dirname(databasePath), { recursive: true });
  return databasePath;
}
