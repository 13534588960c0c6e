// `npm start`: the desktop window where the Electron binary is installed,
// serve mode (`cnn-workbench serve`, which prints its URL) where it is not.
// The decision is launchPlan.ts; this file only carries it out. Arguments
// after `npm start --` go to whichever starts.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronEnvironment, planLaunch } from './launchPlan.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function startElectron(binaryPath: string): void {
  const child = spawn(binaryPath, [projectRoot, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: electronEnvironment(process.env),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

async function startServe(explanation: string): Promise<void> {
  console.log(explanation);
  // Loaded only here: the desktop path must not open the database in this process too.
  const { serveCommand } = await import('./cli/serveCommand.js');
  try {
    process.exitCode = await serveCommand(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

const plan = planLaunch({
  packageDir: electronPackageDir(),
  env: process.env,
  platform: process.platform,
  readText,
  exists: existsSync,
});
if (plan.mode === 'electron') startElectron(plan.binaryPath);
else await startServe(plan.explanation);
