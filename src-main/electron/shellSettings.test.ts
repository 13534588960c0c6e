import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SHELL_SETTINGS, parseShellSettings, readShellSettings, writeShellSettings } from './shellSettings.js';

function withTemporaryFolder(body: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'shell-settings-'));
  try {
    body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('settings survive a write and a read, in a folder created on demand', () => {
  withTemporaryFolder((folder) => {
    const file = join(folder, 'profile', 'settings.json');
    const settings = { window: { bounds: { x: 10, y: 20, width: 1300, height: 900 }, maximized: true }, databasePath: '/data/runs.sqlite' };
    writeShellSettings(file, settings);
    assert.deepEqual(readShellSettings(file), settings);
    assert.deepEqual(readdirSync(join(folder, 'profile')), ['settings.json'], 'no temporary file is left behind');
  });
});

test('a missing or damaged file reads as first launch', () => {
  withTemporaryFolder((folder) => {
    assert.deepEqual(readShellSettings(join(folder, 'absent.json')), DEFAULT_SHELL_SETTINGS);
    const damaged = join(folder, 'settings.json');
    writeFileSync(damaged, '{"window": {"bounds": ');
    assert.deepEqual(readShellSettings(damaged), DEFAULT_SHELL_SETTINGS);
  });
});

test('unusable fields fall back one by one', () => {
  assert.deepEqual(parseShellSettings({ window: { bounds: 'x' }, databasePath: '/a.sqlite' }), { window: null, databasePath: '/a.sqlite' });
  assert.deepEqual(parseShellSettings({ databasePath: '' }), DEFAULT_SHELL_SETTINGS);
  assert.deepEqual(parseShellSettings([1, 2]), DEFAULT_SHELL_SETTINGS);
});
