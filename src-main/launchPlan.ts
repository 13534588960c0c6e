// What `npm start` opens: the desktop window when the Electron binary is
// installed and there is a display to show it on, serve mode otherwise (the
// Electron binary cannot be downloaded on CI machines). Pure: the file
// system and environment are passed in, so every branch is tested.

import { join } from 'node:path';

export interface ElectronProbe {
  /** The installed `electron` package's folder, or null when the package is absent. */
  packageDir: string | null;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  readText(path: string): string | null;
  exists(path: string): boolean;
}

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export type LaunchPlan = { mode: 'electron'; binaryPath: string } | { mode: 'serve'; explanation: string };

/**
 * Mirrors the lookup in node_modules/electron/index.js without requiring that
 * file: when the binary is missing, requiring it starts a download.
 */
export function locateElectronBinary(probe: ElectronProbe): ElectronBinary {
  if (probe.packageDir === null) return { found: false, reason: 'the electron package itself is not installed' };
  const executable = probe.readText(join(probe.packageDir, 'path.txt'))?.trim() || null;
  const override = probe.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, executable ?? 'electron');
    return probe.exists(path) ? { found: true, path } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${path}` };
  }
  const installHint = 'npm skipped its download; `npx install-electron` fetches it';
  if (executable === null) return { found: false, reason: installHint };
  const path = join(probe.packageDir, 'dist', executable);
  return probe.exists(path) ? { found: true, path } : { found: false, reason: `${path} is missing; ${installHint}` };
}

export function planLaunch(probe: ElectronProbe): LaunchPlan {
  const binary = locateElectronBinary(probe);
  if (!binary.found) {
    return { mode: 'serve', explanation: `The Electron binary is not installed (${binary.reason}), starting serve mode instead.` };
  }
  if (probe.platform === 'linux' && !probe.env.DISPLAY && !probe.env.WAYLAND_DISPLAY) {
    return { mode: 'serve', explanation: 'No display is available (DISPLAY and WAYLAND_DISPLAY are unset), starting serve mode instead.' };
  }
  return { mode: 'electron', binaryPath: binary.path };
}

/** The child's environment: ELECTRON_RUN_AS_NODE would turn the window into a headless Node process. */
export function electronEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}
