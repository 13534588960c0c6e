import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterPack, beforeBuild } from './builderHooks.js';

const BINDING = ['node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

function project(): { dir: string; binding: string } {
  const dir = mkdtempSync(join(tmpdir(), 'builder-hooks-'));
  const binding = join(dir, ...BINDING);
  mkdirSync(join(binding, '..'), { recursive: true });
  writeFileSync(binding, 'built for node');
  return { dir, binding };
}

const packContext = (appDir: string) => ({ packager: { info: { appDir } } });

test('the Node build is set aside before the rebuild and restored after packing', async () => {
  const { dir, binding } = project();
  try {
    assert.equal(await beforeBuild({ appDir: dir }), true, 'electron-builder still rebuilds');
    writeFileSync(binding, 'built for electron'); // what npmRebuild does in place
    await afterPack(packContext(dir));
    assert.equal(readFileSync(binding, 'utf8'), 'built for node');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a packaging run that died mid-way, the saved Node build is kept, not overwritten', async () => {
  const { dir, binding } = project();
  try {
    await beforeBuild({ appDir: dir });
    writeFileSync(binding, 'built for electron');
    // The failed run never reached afterPack; the next run starts over.
    await beforeBuild({ appDir: dir });
    await afterPack(packContext(dir));
    assert.equal(readFileSync(binding, 'utf8'), 'built for node');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('afterPack without a saved build leaves the binding alone', async () => {
  const { dir, binding } = project();
  try {
    await afterPack(packContext(dir));
    assert.equal(readFileSync(binding, 'utf8'), 'built for node');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
