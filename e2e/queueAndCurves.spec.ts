// What training keeps: the whole live curve across a reload, the settings a
// run trains with in the form, a stopped run's real duration, and a sweep
// that runs through the queue into a comparison of every run it made.

import { expectNoSeriousAxeViolations } from './fixtures/accessibility.js';
import { AppShell } from './pages/appShell.js';
import { HyperparameterExplorer } from './pages/hyperparameterExplorer.js';
import { QueuePanel, SweepPanel } from './pages/queuePanel.js';
import { RunActions } from './pages/runActions.js';
import { RunsPage } from './pages/runsPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

test('a reload mid-training keeps the full live curve and the form’s settings; a stopped run shows the time it trained', async ({ page, server }) => {
  const shell = new AppShell(page);
  await shell.open(server.url, '#/train');
  const train = new TrainPage(page);
  await train.waitUntilReady();
  await train.setAll({ epochs: 8, trainLimit: 6000, testLimit: 100, batchSize: 8, valSplit: 0, learningRate: 0.07, workers: 1 });
  const runId = await train.start();
  await expectNoSeriousAxeViolations(page, 'the Train view while a run trains');

  await expect.poll(() => train.curvePointCount(), { timeout: 120_000 }).toBeGreaterThanOrEqual(12);
  const before = await train.curvePointCount();
  await page.reload();
  await expect(train.liveRun).toHaveAttribute('data-run-id', String(runId), { timeout: 30_000 });
  // Everything drawn before the reload comes back from the store (and the live part from memory).
  expect(await train.curvePointCount()).toBeGreaterThanOrEqual(before);
  await expect(page.getByTestId('hp-learningRate')).toHaveValue('0.07');
  await expect(page.getByTestId('hp-batchSize')).toHaveValue('8');

  await train.pause();
  await train.waitForStatus('paused', 30_000);
  await expect(page.getByTestId('progress-eta')).toHaveText('Paused: no time estimate');
  await train.stop();
  await train.waitForStatus('stopped', 60_000);

  await train.openRunDetails();
  const actions = new RunActions(page);
  await expect(page.getByTestId('run-status').first()).toHaveText('stopped');
  const trainedMs = Number(await page.getByTestId('run-duration').getAttribute('data-ms'));
  expect(trainedMs, 'a stopped run keeps the time it trained').toBeGreaterThan(500);
  await expect(page.getByTestId('run-curves')).not.toContainText('No epoch has finished yet');
  await expectNoSeriousAxeViolations(page, 'the run page');

  await page.keyboard.press('?');
  await expect(actions.shortcutsHelp).toBeVisible();
  await expect(actions.shortcutsHelp).toContainText('Train again with these settings');
  await page.keyboard.press('Escape');
  await expect(actions.shortcutsHelp).toBeHidden();
  await actions.trainAgain.click();
  await expect(page.getByTestId('train-view')).toBeVisible();
  await expect(page.getByTestId('hp-learningRate')).toHaveValue('0.07');
  await expect(page.getByTestId('new-run-name')).toHaveValue(/\(again\)$/);
});

test('a sweep of four small runs goes through the queue, and the comparison shows all four', async ({ page, server }) => {
  const shell = new AppShell(page);
  await shell.open(server.url, '#/train');
  const train = new TrainPage(page);
  await train.waitUntilReady();
  await train.setAll({ epochs: 1, trainLimit: 64, testLimit: 32, batchSize: 16, valSplit: 0, workers: 1 });
  const sweep = new SweepPanel(page);
  await sweep.open();
  await sweep.vary(1, 'hp:learningRate', '0.1, 0.03');
  await sweep.vary(2, 'hp:seed', '1 2');
  await expectNoSeriousAxeViolations(page, 'the Train view with the sweep form');
  await sweep.queue(4);

  const queue = new QueuePanel(page);
  await shell.goTo('runs');
  const runs = new RunsPage(page);
  await expect(runs.rows).toHaveCount(4, { timeout: 180_000 });
  await expect(runs.rows.getByTestId('run-status').filter({ hasText: 'completed' })).toHaveCount(4, { timeout: 180_000 });
  await expect(queue.waiting).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, 'the Runs view');

  const ids = await runs.visibleRunIds();
  await runs.select(ids);
  await runs.compareSelected();
  const explorer = new HyperparameterExplorer(page);
  await expect(explorer.rows).toHaveCount(4, { timeout: 60_000 });
  await expect(explorer.scatterPoints).toHaveCount(4);
  // Numbers sort high first; a second click flips the order. The first cell after the run's name is its learning rate.
  await explorer.sortBy('learningRate');
  await expect(explorer.rows.first().locator('td').first()).toHaveText('0.1');
  await explorer.sortBy('learningRate');
  await expect(explorer.rows.first().locator('td').first()).toHaveText('0.03');
  await expectNoSeriousAxeViolations(page, 'the compare view of four runs');
});
