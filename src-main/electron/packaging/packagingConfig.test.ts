// electron-builder.yml read and schema-checked by electron-builder's own
// loader, then held to what the desktop issue asks of the package.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  beforeBuild: string;
  afterPack: string;
  electronFuses: Record<string, boolean>;
  directories: { buildResources: string };
  linux: { target: string[]; icon: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig } = require('app-builder-lib/out/util/config/load.js') as {
    getConfig(request: { projectDir: string; packageKey: string }, configPath: string): Promise<{ result: BuilderConfig }>;
  };
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const { result } = await getConfig({ projectDir: root, packageKey: 'build' }, 'electron-builder.yml');
  await validateConfiguration(result, new DebugLogger(false));
  return result;
}

function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${path} is not a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the configuration passes electron-builder’s schema and names the app', async () => {
  const config = await loadConfig();
  assert.equal(config.appId, 'org.cnnworkbench.app');
  assert.equal(config.productName, 'CNN Workbench');
});

test('installers for every platform', async () => {
  const config = await loadConfig();
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.equal(config.mac.target, 'dmg');
  assert.equal(config.win.target, 'nsis');
});

test('the fuses close Node-level entry points and load only the app archive', async () => {
  const { electronFuses } = await loadConfig();
  assert.deepEqual(
    {
      runAsNode: electronFuses.runAsNode,
      enableNodeOptionsEnvironmentVariable: electronFuses.enableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: electronFuses.enableNodeCliInspectArguments,
      onlyLoadAppFromAsar: electronFuses.onlyLoadAppFromAsar,
      enableEmbeddedAsarIntegrityValidation: electronFuses.enableEmbeddedAsarIntegrityValidation,
    },
    {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    },
  );
});

test('the package holds the build, not its tests, and keeps native code and workers unpacked', async () => {
  const config = await loadConfig();
  for (const pattern of ['package.json', 'dist/**/*', '!dist/**/*.test.js', '!dist/**/*.map']) {
    assert.ok(config.files.includes(pattern), `files lacks ${pattern}`);
  }
  assert.ok(config.asarUnpack.includes('**/*.node'));
  assert.ok(config.asarUnpack.includes('dist/workers/**'));
});

test('the native rebuild hooks exist in the build and export what electron-builder looks up', async () => {
  const config = await loadConfig();
  assert.equal(config.npmRebuild, true);
  for (const hook of ['beforeBuild', 'afterPack'] as const) {
    const module = (await import(pathToFileURL(join(root, config[hook])).href)) as Record<string, unknown>;
    assert.equal(typeof module[hook], 'function', `${config[hook]} exports no ${hook}`);
  }
});

test('the icons are real PNGs of the sizes the platforms need', async () => {
  const config = await loadConfig();
  const resources = join(root, config.directories.buildResources);
  assert.deepEqual(pngSize(join(resources, config.linux.icon, '512x512.png')), [512, 512]);
  assert.deepEqual(pngSize(join(resources, config.linux.icon, '256x256.png')), [256, 256]);
  assert.deepEqual(pngSize(join(resources, config.mac.icon)), [512, 512]);
  assert.deepEqual(pngSize(join(resources, config.win.icon)), [512, 512]);
});
