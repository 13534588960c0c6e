// Controlling a run while it trains: pause, resume, reopen, stop, continue.

import { AppShell } from './pages/appShell.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunsPage } from './pages/runsPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

test('a run can be paused, resumed, followed after a reload, stopped keeping its epochs, and continued', async ({ page, server }) => {
  const shell = new AppShell(page);
  const train = new TrainPage(page);
  await shell.open(server.url, '#/train');
  await train.waitUntilReady();
  // All of MNIST: long enough to act on while it trains.
  await train.setAll({ epochs: 5, trainLimit: null, testLimit: 1000 });
  await train.setRunName('interrupted');
  const runId = await train.start();
  await expect(page.getByTestId('nav-live-run')).toHaveText('training');
  // Another run waits in the queue rather than competing for the cores.
  await expect(train.startButton).toHaveText('Add to queue');

  await expect(page.getByTestId('progress-batch')).toBeVisible({ timeout: 60_000 });
  await train.pause();
  await train.waitForStatus('paused', 30_000);
  await expect(page.getByTestId('nav-live-run')).toHaveText('paused');
  const pausedAt = await page.getByTestId('progress-batch').innerText();
  await page.waitForTimeout(1_500);
  await expect(page.getByTestId('progress-batch')).toHaveText(pausedAt);

  await train.resume();
  await train.waitForStatus('running', 30_000);

  // Reopened mid-run, the Train view picks the run up again.
  await page.reload();
  await expect(train.liveRun).toHaveAttribute('data-run-id', String(runId));
  await train.waitForStatus('running', 30_000);
  await expect(page.getByTestId('last-epoch')).toContainText('After epoch 1', { timeout: 120_000 });
  // Stop asks first: cancelled, the run trains on.
  await train.stopThenCancel();
  await expect(train.liveRun).toHaveAttribute('data-status', 'running');
  await train.stop();
  await train.waitForStatus('stopped', 60_000);
  await expect(page.getByTestId('run-result')).toContainText('Stopped after');
  await expect(page.getByTestId('nav-live-run')).toHaveCount(0);

  await shell.goTo('runs');
  const runs = new RunsPage(page);
  await runs.waitUntilReady();
  await expect(runs.row(runId).getByTestId('run-status')).toHaveText('stopped');

  // Continued from its last checkpoint, it finishes its planned epochs.
  await shell.open(server.url, `#/runs/${runId}`);
  const detail = new RunDetailPage(page);
  await detail.waitUntilLoaded();
  await detail.continueTraining();
  await detail.waitForResults(240_000);
  expect(await detail.status()).toBe('completed');
  expect(await detail.curveEpochCount()).toBe(5);
});
