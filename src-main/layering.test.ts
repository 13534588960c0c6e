// The folder is the layer (DEVELOPERS.md): this test reads every import of
// every source file and fails when one crosses a line it must not cross.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Layer = 'common' | 'workers' | 'src-main' | 'src-renderer';

/** Which project folders each layer may import from, and whether it may use platform modules. */
const RULES: Record<Layer, { folders: Layer[]; platform: RegExp | null }> = {
  common: { folders: ['common'], platform: null },
  // The engine runs under plain Node in worker threads: Node built-ins yes, Electron or app code no.
  workers: { folders: ['common', 'workers'], platform: /^node:/ },
  'src-main': { folders: ['common', 'workers', 'src-main'], platform: /.*/ },
  'src-renderer': { folders: ['common', 'src-renderer'], platform: /^(svelte|svelte\/.*|d3-[a-z]+)$/ },
};

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      // AssemblyScript sources compile to WebAssembly and have their own std library.
      if (name === 'node_modules' || name === 'assembly') continue;
      out.push(...sourceFiles(path));
    } else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.config.ts')) {
      out.push(path);
    }
  }
  return out;
}

function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const pattern = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const match of code.matchAll(pattern)) specifiers.push(match[1] ?? match[2] ?? match[3]);
  return specifiers;
}

function violations(layer: Layer): string[] {
  const rule = RULES[layer];
  const problems: string[] = [];
  for (const file of sourceFiles(join(root, layer))) {
    const isTest = file.endsWith('.test.ts');
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const where = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), specifier)).split(sep)[0] as Layer;
        if (!rule.folders.includes(target)) problems.push(`${where} imports ${specifier} (${layer} may not import ${target})`);
      } else if (!isTest && !(rule.platform?.test(specifier) ?? false)) {
        problems.push(`${where} imports ${specifier} (not allowed in ${layer})`);
      }
    }
  }
  return problems;
}

for (const layer of Object.keys(RULES) as Layer[]) {
  test(`${layer} imports only what its layer allows`, () => {
    assert.deepEqual(violations(layer), []);
  });
}

test('the rule catches a violation', () => {
  assert.deepEqual(importsOf(`import { x } from '../src-main/y.js';\nimport type { Z } from "node:fs";`), ['../src-main/y.js', 'node:fs']);
});
