// The app and a command-line run on one database: the app shows the CLI's run
// as it trains (its curves grow), shows it interrupted the moment its process
// is killed (nothing else writes in between), and continues it from its last
// saved epoch to the end.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIdxDataset } from './fixtures/idxDataset.js';
import { AppShell } from './pages/appShell.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunsPage } from './pages/runsPage.js';
import { expect, test } from './fixtures/test.js';

const CLI = fileURLToPath(new URL('../dist/src-main/cli/main.js', import.meta.url));

const WIDE_NETWORK = {
  format: 'cnn-workbench/architecture',
  version: 1,
  name: 'wide-dense',
  input: { channels: 1, height: 8, width: 8 },
  layers: [{ type: 'flatten' }, { type: 'dense', units: 512 }, { type: 'relu' }, { type: 'dense', units: 256 }, { type: 'relu' }, { type: 'dense', units: 10 }, { type: 'softmaxCrossEntropy' }],
};

test('a CLI run shows live in the app, reads interrupted once killed, and continues from its last epoch', async ({ page, server }) => {
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-e2e-cli-'));
  const data = join(folder, 'data');
  await writeIdxDataset(data, 8, 64, 32);
  const arch = join(folder, 'wide.json');
  await writeFile(arch, JSON.stringify(WIDE_NETWORK));
  const args = ['train', '--arch', arch, '--data', data, '--epochs', '150', '--batch-size', '16', '--workers', '1', '--name', 'from the terminal', '--db', server.databasePath];
  const cli = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => cli.once('exit', (_code, signal) => resolve(signal)));
  try {
    const shell = new AppShell(page);
    const runs = new RunsPage(page);
    const detail = new RunDetailPage(page);
    await shell.open(server.url, '#/runs');
    await runs.waitUntilReady();
    await expect(runs.row(1).getByTestId('run-status')).toHaveText('running', { timeout: 30_000 });
    await runs.open(1);
    await detail.waitUntilLoaded();
    await detail.waitForEpochs(2, 30_000);
    const seen = await detail.curveEpochCount();
    await detail.waitForEpochs(seen + 2, 30_000);

    cli.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await expect.poll(() => detail.status(), { timeout: 15_000 }).toBe('interrupted');
    await expect(page.getByTestId('run-interrupted')).toContainText(/ended without finishing it/);
    const saved = await detail.curveEpochCount();
    await expect(page.getByTestId('continue-run')).toHaveText(`Continue from epoch ${saved}`);

    await detail.continueTraining();
    await detail.waitForResults(120_000);
    expect(await detail.status()).toBe('completed');
    expect(await detail.curveEpochCount()).toBe(150);
  } finally {
    cli.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
  }
});
