// Builds the Svelte renderer into dist/renderer, which both carriers load:
// serve mode over HTTP and Electron from disk. `base: './'` keeps every asset
// URL relative so the same build works from a file or a token-guarded URL, and
// Vite emits only external module scripts, so a `script-src 'self'` policy holds.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets become data: URLs; keep them as files so a strict CSP needs no exceptions.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
