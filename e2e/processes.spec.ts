// The app and a command-line run on one database: the app shows the CLI's run
// as it trains (its curves grow), shows it interrupted the moment its process
// is killed (nothing else writes in between), and continues it from its last
// saved epoch to the end. The run's page also pauses, resumes and stops the
// CLI's run, which its process carries out on its own.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expectNoSeriousAxeViolations } from './fixtures/accessibility.js';
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

interface CliTraining {
  cli: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  folder: string;
  /** The end of what the CLI wrote to stderr, for failure messages. */
  stderrTail: () => string;
}

/**
 * Starts `train` in its own process on the server's database. An epoch of its 512 images takes a few tens of
 * milliseconds: with much less, the run could finish before the app, which looks once a second, sees it train.
 */
async function startCliTraining(databasePath: string, epochs: number): Promise<CliTraining> {
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-e2e-cli-'));
  const data = join(folder, 'data');
  await writeIdxDataset(data, 8, 512, 32);
  const arch = join(folder, 'wide.json');
  await writeFile(arch, JSON.stringify(WIDE_NETWORK));
  const args = ['train', '--arch', arch, '--data', data, '--epochs', String(epochs), '--batch-size', '16', '--workers', '1', '--name', 'from the terminal', '--db', databasePath];
  const cli = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  cli.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.once('exit', (code, signal) => resolve({ code, signal })));
  return { cli, exited, folder, stderrTail: () => stderr };
}

/** The epochs the store holds for a run, as another CLI process reads them. */
async function storedEpochs(databasePath: string, runId: number): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'runs', 'list', '--json', '--db', databasePath]);
  const run = (JSON.parse(stdout) as { id: number; epochsCompleted: number }[]).find((listed) => listed.id === runId);
  if (!run) throw new Error(`run ${runId} is not in the store`);
  return run.epochsCompleted;
}

test('a CLI run shows live in the app, reads interrupted once killed, and continues from its last epoch', async ({ page, server }) => {
  const { cli, exited, folder, stderrTail } = await startCliTraining(server.databasePath, 150);
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
    expect(await exited, stderrTail()).toEqual({ code: null, signal: 'SIGKILL' });
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

test("the run's page pauses, resumes and stops a run a CLI process trains", async ({ page, server }) => {
  test.setTimeout(90_000);
  // Far more training than the test waits for: the run must still be training when it is stopped.
  const { cli, exited, folder, stderrTail } = await startCliTraining(server.databasePath, 1000);
  try {
    const runs = new RunsPage(page);
    const detail = new RunDetailPage(page);
    await new AppShell(page).open(server.url, '#/runs');
    await runs.waitUntilReady();
    await expect(runs.row(1).getByTestId('run-status')).toHaveText('running', { timeout: 30_000 });
    await runs.open(1);
    await detail.waitUntilLoaded();
    await detail.waitForEpochs(1, 30_000);
    await expect(page.getByTestId('run-pause')).toHaveAccessibleName('Pause');
    await expect(page.getByTestId('run-stop')).toHaveAccessibleName('Stop');

    await detail.pause();
    await expect.poll(() => detail.status(), { timeout: 10_000 }).toBe('paused');
    await expect(page.getByTestId('run-resume')).toBeEnabled();
    const whilePaused = await detail.curveEpochCount();
    await expectNoSeriousAxeViolations(page, 'the page of a paused run another process trains');
    // An epoch takes well under a second here: three more idle seconds show the owner really waits.
    await page.waitForTimeout(3_000);
    expect(await detail.curveEpochCount()).toBe(whilePaused);
    expect(cli.exitCode).toBeNull();

    await detail.resume();
    await expect.poll(() => detail.status(), { timeout: 10_000 }).toBe('running');
    await detail.waitForEpochs(whilePaused + 2, 20_000);

    await detail.stop();
    // The CLI ends on its own, with the code it uses for a stopped run (as after Ctrl+C).
    await expect.poll(() => cli.exitCode, { timeout: 15_000, message: 'waiting for the CLI to end its run and exit' }).not.toBeNull();
    expect(await exited, stderrTail()).toEqual({ code: 130, signal: null });
    await expect.poll(() => detail.status(), { timeout: 10_000 }).toBe('stopped');
    await expect(page.getByTestId('run-controls')).toHaveCount(0);
    const saved = await storedEpochs(server.databasePath, 1);
    expect(saved).toBeGreaterThanOrEqual(whilePaused + 2);
    await expect(page.getByTestId('continue-run')).toHaveText(`Continue from epoch ${saved}`);
    expect(await detail.curveEpochCount()).toBe(saved);
  } finally {
    cli.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
  }
});
