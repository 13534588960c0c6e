// What the desktop shell remembers between launches, in one small JSON file
// in the user-data folder: the window's placement and the database last
// opened. A missing or damaged file means "first launch", never an error.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseWindowState, type WindowState } from './windowState.js';

export interface ShellSettings {
  window: WindowState | null;
  /** Absolute path of the database chosen with File ▸ Open Database…; null for the default one. */
  databasePath: string | null;
}

export const DEFAULT_SHELL_SETTINGS: ShellSettings = { window: null, databasePath: null };

export function parseShellSettings(value: unknown): ShellSettings {
  if (typeof value !== 'object' || value === null) return { ...DEFAULT_SHELL_SETTINGS };
  const { window, databasePath } = value as Record<string, unknown>;
  return {
    window: parseWindowState(window),
    databasePath: typeof databasePath === 'string' && databasePath !== '' ? databasePath : null,
  };
}

export function readShellSettings(file: string): ShellSettings {
  try {
    return parseShellSettings(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { ...DEFAULT_SHELL_SETTINGS };
  }
}

/** Writes through a temporary file and a rename, so a crash mid-write leaves the old settings intact. */
export function writeShellSettings(file: string, settings: ShellSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(temporary, file);
}
