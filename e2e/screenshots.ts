// Trains two short MNIST runs through the UI, then photographs every view at
// 1280×800 into ./screenshots/. Run with `npm run screenshots`.

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { AppShell } from './pages/appShell.js';
import { ComparePage } from './pages/comparePage.js';
import { DesignPage } from './pages/designPage.js';
import { GradientCheckPanel } from './pages/gradientCheckPanel.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunInsightPanel } from './pages/runInsightPanel.js';
import { RunsPage } from './pages/runsPage.js';
import { SignificanceCard } from './pages/significanceCard.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

const OUTPUT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
/** The preset's recipe on all of MNIST: real curves and a real confusion matrix in about a minute a run. */
const RECIPE = { epochs: 3 };

async function shoot(page: Page, name: string): Promise<void> {
  // Let charts measure their width and transitions settle before the picture.
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUTPUT_DIR}${name}.png` });
}

test('screenshots of every view', async ({ page, server }) => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const shell = new AppShell(page);
  const design = new DesignPage(page);
  const train = new TrainPage(page);
  const runs = new RunsPage(page);
  const detail = new RunDetailPage(page);
  const compare = new ComparePage(page);

  await shell.open(server.url);
  await design.waitUntilReady();
  await design.loadPreset('mnist-baseline');
  await shoot(page, '1-design');

  await design.layer(4).setField('stride', 2);
  await expect(design.layer(4).error).toBeVisible();
  await design.layer(4).root.scrollIntoViewIfNeeded();
  await shoot(page, '2-design-error');
  await design.undo();

  await shell.goTo('train');
  await train.waitUntilReady();
  await train.setAll(RECIPE);
  await train.setRunName('baseline, lr 0.05');
  const firstRunId = await train.start();
  // Partway through the second of three epochs: the curves have a shape and the run is still going.
  await expect(page.getByTestId('last-epoch')).toContainText('After epoch 1', { timeout: 300_000 });
  await page.waitForTimeout(4_000);
  await shoot(page, '3-train-live');
  await train.waitForStatus('completed', 600_000);
  await shoot(page, '4-train-finished');

  await train.setUpAnotherRun();
  await train.setAll({ ...RECIPE, learningRate: 0.01 });
  await train.setRunName('slower, lr 0.01');
  const secondRunId = await train.start();
  await train.waitForStatus('completed', 600_000);

  await shell.goTo('runs');
  await runs.waitUntilReady();
  await runs.setTags(firstRunId, ['baseline']);
  await runs.setTags(secondRunId, ['lr-sweep']);
  await runs.select([firstRunId, secondRunId]);
  await shoot(page, '5-runs');

  await runs.open(firstRunId);
  await detail.waitUntilLoaded();
  await detail.waitForResults();
  await shoot(page, '6-run-detail');
  const cells = page.getByTestId('run-confusion').locator('[data-testid="confusion-cell"]');
  const worst = await cells.evaluateAll((all) =>
    all
      .map((cell) => ({ t: Number(cell.getAttribute('data-true')), p: Number(cell.getAttribute('data-predicted')), n: Number(cell.getAttribute('data-value')) }))
      .filter((cell) => cell.t !== cell.p)
      .sort((a, b) => b.n - a.n)[0],
  );
  await detail.clickConfusionCell(worst.t, worst.p);
  await detail.gallery.scrollIntoViewIfNeeded();
  await shoot(page, '7-run-misclassified');

  // Inside the network, for the first mistake of that confusion cell.
  const insight = new RunInsightPanel(page);
  await insight.waitUntilLoaded();
  const [mistake] = await insight.pickableIndices();
  await insight.pick(mistake);
  await page.getByTestId('saliency').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -260));
  await shoot(page, '9-run-saliency');
  await page.getByTestId('feature-maps').scrollIntoViewIfNeeded();
  await shoot(page, '10-run-feature-maps');
  await page.getByTestId('filmstrip').scrollIntoViewIfNeeded();
  await insight.setFilmstripFrame(0);
  await shoot(page, '11-run-filmstrip-initial');
  await insight.setFilmstripFrame(RECIPE.epochs);
  await shoot(page, '12-run-filmstrip-trained');
  const report = await insight.downloadReport();
  const reportPage = await page.context().browser()!.newPage({ viewport: { width: 1280, height: 800 } });
  await reportPage.context().setOffline(true);
  await reportPage.setContent(report.html);
  await shoot(reportPage, '13-report');
  await reportPage.locator('#misclassified').scrollIntoViewIfNeeded();
  await shoot(reportPage, '14-report-misclassified');
  await reportPage.close();

  await page.goto(`${server.url}#/compare?ids=${firstRunId},${secondRunId}`);
  await compare.waitUntilLoaded();
  await shoot(page, '8-compare');
  const significance = new SignificanceCard(page);
  await significance.waitUntilLoaded();
  await significance.root.scrollIntoViewIfNeeded();
  await shoot(page, '15-compare-significance');

  await shell.goTo('design');
  await design.waitUntilReady();
  const gradients = new GradientCheckPanel(page);
  await gradients.run();
  await gradients.root.scrollIntoViewIfNeeded();
  await shoot(page, '16-design-gradient-check');
});
