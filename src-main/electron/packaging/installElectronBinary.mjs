// npm postinstall: fetch Electron's binary where its download site is
// reachable, so `npm start` opens the desktop window right after `npm
// install`. Electron 45 no longer downloads during install; without this it
// would fetch on first launch. Never fails the install: where the download is
// impossible (no access to GitHub, as on our CI machines) or skipped with
// ELECTRON_SKIP_BINARY_DOWNLOAD, `npm start` says so and uses serve mode.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

let installer;
try {
  installer = createRequire(import.meta.url).resolve('electron/install.js');
} catch {
  process.exit(0); // a production install without devDependencies: nothing to fetch
}
const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (result.status !== 0) {
  const reason = String(result.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? 'no reason given';
  console.log(`Electron's binary could not be downloaded (${reason.trim()}); \`npm start\` will use serve mode until \`npx install-electron\` succeeds.`);
}
