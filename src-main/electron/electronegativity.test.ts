// The Electronegativity gate: Doyensec's scanner, through its programmatic
// API, over the shell as it ships — the compiled main-process files and the
// bundled preload — failing on any HIGH finding, and on any file it could
// not parse (an unparsed file would hide its findings).
//
// The scan runs offline, as CI must: AvailableSecurityFixesGlobalCheck (which
// downloads Electron's release list from GitHub) is left out — the Electron
// version is pinned in package.json and reviewed there — and the scanner's
// HTTP client is replaced by one that fails at once, so its attempt to fetch
// translations costs no retries and timeouts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' };
  confidence: { name: string };
  manualReview: boolean;
}

interface ScanResult {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
  atomicChecks: number;
  globalChecks: number;
}

type Scan = (options: { input: string; isRelative: boolean; excludeFromScan: string[] }) => Promise<ScanResult>;

const shellBuild = dirname(fileURLToPath(import.meta.url));
const root = resolve(shellBuild, '..', '..', '..');
const require = createRequire(import.meta.url);
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const offlineHttpClient = () => Promise.reject(new Error('no network in tests'));
require.cache[scannerRequire.resolve('got')] = { exports: offlineHttpClient } as unknown as NodeJS.Module;
const scan = require('@doyensec/electronegativity') as Scan;
const OFFLINE = { isRelative: true, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] };

/** The scanner reads .js files only: the preload bundle (.cjs) is copied in as preload.js. */
function stageShipped(folder: string): string[] {
  const shipped = readdirSync(shellBuild).filter((name) => name.endsWith('.js') && !name.endsWith('.test.js'));
  for (const name of shipped) copyFileSync(join(shellBuild, name), join(folder, name));
  copyFileSync(join(shellBuild, 'preload.cjs'), join(folder, 'preload.js'));
  // Lets the scanner judge version-dependent defaults against the Electron in devDependencies.
  copyFileSync(join(root, 'package.json'), join(folder, 'package.json'));
  return [...shipped, 'preload.js'];
}

function describe(finding: Finding): string {
  const review = finding.manualReview ? ', manual review' : '';
  return `${finding.severity.name} ${finding.id} (${finding.confidence.name}${review}) ${finding.file}:${finding.location.line}`;
}

async function scanFolder(fill: (folder: string) => void): Promise<ScanResult> {
  const folder = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    fill(folder);
    return await scan({ input: folder, ...OFFLINE });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('the shell has no HIGH Electronegativity finding', async (t) => {
  let staged: string[] = [];
  const result = await scanFolder((folder) => {
    staged = stageShipped(folder);
  });
  assert.ok(staged.includes('main.js') && staged.includes('mainWindow.js') && staged.includes('preload.js'));
  assert.deepEqual(result.errors.filter((error) => !error.tolerable), [], 'every file must parse, or its findings go unseen');
  for (const finding of result.issues) t.diagnostic(describe(finding));
  assert.deepEqual(result.issues.filter((finding) => finding.severity.name === 'HIGH').map(describe), []);
});

test('the gate can fail: an insecure window is reported HIGH', async () => {
  const result = await scanFolder((folder) => {
    writeFileSync(
      join(folder, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true } });\n",
    );
    copyFileSync(join(root, 'package.json'), join(folder, 'package.json'));
  });
  const high = result.issues.filter((finding) => finding.severity.name === 'HIGH').map((finding) => finding.id);
  assert.ok(high.includes('CONTEXT_ISOLATION_JS_CHECK'), `found ${high.join(', ')}`);
});
