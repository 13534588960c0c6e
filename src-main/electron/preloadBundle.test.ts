// Runs the bundled preload (dist/src-main/electron/preload.cjs, made by
// rolldown in `npm run build`) the way Electron's sandbox does: as one
// CommonJS script whose require knows only Electron's renderer modules.
// If the bundle needed any other file, or exposed anything but the
// contract, this fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { API_EVENTS, API_METHODS } from '../../common/api/contract.js';
import { INVOKE_CHANNEL } from './ipcChannels.js';

const bundlePath = join(dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

// The modules a sandboxed preload's require can load (Electron's sandboxed_renderer/init).
const SANDBOX_MODULES = new Set(['electron', 'electron/common', 'electron/renderer', 'events', 'node:events', 'timers', 'node:timers', 'url', 'node:url']);

function runBundle() {
  assert.ok(existsSync(bundlePath), `${bundlePath} is missing: npm run build bundles the preload with rolldown`);
  const exposed: [string, Record<string, unknown>][] = [];
  const required: string[] = [];
  const invocations: unknown[][] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]),
    },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invocations.push(args);
        return { result: 'ok' };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (!SANDBOX_MODULES.has(name)) throw new Error(`module not found: ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(bundlePath, 'utf8'), { require: sandboxRequire, module, exports: module.exports }, { filename: bundlePath });
  return { exposed, required, invocations };
}

test('the bundled preload loads in the sandbox, requiring only Electron’s renderer API', () => {
  const { required } = runBundle();
  assert.deepEqual(required, ['electron/renderer']);
});

test('it exposes exactly the contract, once, as window.workbench', async () => {
  const { exposed, invocations } = runBundle();
  assert.equal(exposed.length, 1);
  const [key, api] = exposed[0];
  assert.equal(key, 'workbench');
  assert.deepEqual(Object.keys(api).sort(), [...API_METHODS, ...API_EVENTS].sort());
  assert.equal(await (api.listRuns as (query: unknown) => Promise<unknown>)({ status: 'running' }), 'ok');
  assert.equal(invocations.length, 1);
  assert.equal(invocations[0][0], INVOKE_CHANNEL);
  assert.equal(invocations[0][1], 'listRuns');
});
