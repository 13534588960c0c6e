// The committed winogradTransforms.ts must be what the generator writes today
// (the generator also checks every variant against direct correlation).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('assembly/winogradTransforms.ts is up to date with generateWinograd.mjs', async () => {
  // From dist/workers/wasm/ back to the sources.
  const generator = new URL('../../../workers/wasm/generateWinograd.mjs', import.meta.url);
  const { generate, outputPath } = (await import(generator.href)) as { generate: () => string; outputPath: string };
  assert.equal(readFileSync(outputPath, 'utf8'), generate(), 'run `node workers/wasm/generateWinograd.mjs` and commit the result');
});
