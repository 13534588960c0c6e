// The process boundary in the imports: main-process files use Electron's
// main API ('electron/main', 'electron/common'), the preload only its
// renderer API ('electron/renderer') and the pure contract — nothing the
// sandbox cannot load once bundled. The separate tsconfigs give each side
// only the types it may use; this test makes sure no file sidesteps them
// through the catch-all 'electron' module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shellFolder = join(root, 'src-main', 'electron');

interface ImportStatement {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportStatement[] {
  const source = readFileSync(file, 'utf8');
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => ({ specifier: match[3], typeOnly: match[2] !== undefined }));
}

function shellSources(): string[] {
  return readdirSync(shellFolder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(shellFolder, name));
}

/** Every file the preload pulls in at runtime, following relative imports. */
function runtimeClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
      else packages.add(specifier);
    }
  }
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() };
}

test('no shell file imports the catch-all electron module', () => {
  const offenders = shellSources().filter((file) => importsOf(file).some(({ specifier }) => specifier === 'electron'));
  assert.deepEqual(offenders.map((file) => relative(root, file)), []);
});

test('only the preload uses the renderer API, and the preload uses nothing else of Electron', () => {
  for (const file of shellSources()) {
    const electronModules = importsOf(file)
      .map(({ specifier }) => specifier)
      .filter((specifier) => specifier.startsWith('electron/'));
    const allowed = file.endsWith('preload.ts') ? ['electron/renderer'] : ['electron/main', 'electron/common'];
    for (const module of electronModules) assert.ok(allowed.includes(module), `${relative(root, file)} imports ${module}`);
  }
});

test('the preload needs only Electron’s renderer API and pure shared code at runtime', () => {
  const { files, packages } = runtimeClosure(join(shellFolder, 'preload.ts'));
  assert.deepEqual(packages, ['electron/renderer']);
  for (const file of files) {
    assert.ok(file.startsWith('common/') || file.startsWith('src-main/electron/'), `${file} is not shared or preload code`);
  }
  assert.ok(files.includes('common/api/contract.ts'));
});
