// The newcomer's path, end to end against serve mode with a fresh database:
// design → break and fix → train → watch → inspect mistakes → train again →
// compare → organise the runs.

import { AppShell } from './pages/appShell.js';
import { ComparePage } from './pages/comparePage.js';
import { DesignPage } from './pages/designPage.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunsPage } from './pages/runsPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

/** A slice small enough for CI, large enough for the network to learn something and make mistakes. */
const SHORT_RUN = { epochs: 2, batchSize: 32, trainLimit: 512, testLimit: 256, valSplit: 0.1 };

test('a newcomer designs, trains, inspects and compares networks', async ({ page, server }) => {
  const shell = new AppShell(page);
  const design = new DesignPage(page);
  const train = new TrainPage(page);
  const detail = new RunDetailPage(page);
  const runs = new RunsPage(page);
  const compare = new ComparePage(page);

  await test.step('open the app and load the MNIST preset', async () => {
    await shell.open(server.url);
    await design.waitUntilReady();
    await design.loadPreset('mnist-baseline');
    await expect(design.totalParams).toHaveText('14,682');
    await expect(design.layer(1).arithmetic).toHaveText('(28 − 5 + 2·2)/1 + 1 = 28');
    await expect(design.layer(1).formula).toHaveText('5×5×1×16 + 16 = 416');
  });

  await test.step('change a layer: shapes and parameter counts follow', async () => {
    await design.layer(1).setField('filters', 8);
    await expect(design.layer(1).outputShape).toContainText('1×28×28 → 8×28×28');
    await expect(design.layer(1).formula).toHaveText('5×5×1×8 + 8 = 208');
    await expect(design.layer(4).formula).toHaveText('5×5×8×16 + 16 = 3216');
    await expect(design.totalParams).toHaveText('11,274');
  });

  await test.step('make the network invalid: the error shows at the offending layer and training is blocked', async () => {
    await design.layer(4).setField('stride', 2);
    await expect(design.layer(4).error).toContainText('not an integer');
    await expect(design.layer(4).field('stride')).toHaveAttribute('aria-invalid', 'true');
    await expect(design.cards.getByTestId('layer-error')).toHaveCount(1);
    await expect(design.trainButton).toBeDisabled();
    await expect(design.blockedReason).toContainText('Layer 4 (Convolution)');
    await expect(design.totalParams).toHaveText('—');
  });

  await test.step('fix it with undo', async () => {
    await page.keyboard.press('Control+z');
    await expect(design.layer(4).field('stride')).toHaveValue('1');
    await expect(design.cards.getByTestId('layer-error')).toHaveCount(0);
    await expect(design.totalParams).toHaveText('11,274');
    await expect(design.trainButton).toBeEnabled();
  });

  let firstRunId = 0;
  await test.step('train a short run on a small slice and watch the curves grow', async () => {
    await design.trainButton.click();
    await train.waitUntilReady();
    await train.setAll(SHORT_RUN);
    await train.setRunName('first steps');
    await train.recordCurveGrowth();
    firstRunId = await train.start();
    await train.waitForStatus('completed');
    const growth = await train.curveGrowth();
    expect(growth.length, `point counts seen: ${growth.join(', ')}`).toBeGreaterThanOrEqual(3);
    expect(growth).toEqual([...growth].sort((a, b) => a - b));
    await expect(train.testAccuracy).toHaveText(/\d+\.\d+%/);
    await expect(page.getByTestId('accuracy-chart').locator('path').first()).toBeVisible();
  });

  await test.step('open the run and click a confusion-matrix cell to see those mistakes', async () => {
    await train.openRunDetails();
    await detail.waitUntilLoaded();
    await detail.waitForResults();
    const mistakes = await page
      .getByTestId('run-confusion')
      .locator('[data-testid="confusion-cell"]')
      .evaluateAll((cells) =>
        cells
          .map((cell) => ({
            trueLabel: Number(cell.getAttribute('data-true')),
            predictedLabel: Number(cell.getAttribute('data-predicted')),
            count: Number(cell.getAttribute('data-value')),
          }))
          .filter((cell) => cell.trueLabel !== cell.predictedLabel && cell.count > 0)
          .sort((a, b) => b.count - a.count),
      );
    expect(mistakes.length, 'a two-epoch run on 512 images still confuses some digits').toBeGreaterThan(0);
    const [worst] = mistakes;
    await detail.clickConfusionCell(worst.trueLabel, worst.predictedLabel);
    expect(await detail.galleryTotal()).toBe(worst.count);
    const samples = await detail.gallerySamples();
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(sample).toMatchObject({ trueLabel: worst.trueLabel, predictedLabel: worst.predictedLabel });
    }
  });

  let secondRunId = 0;
  await test.step('train a second run with a different learning rate', async () => {
    await shell.goTo('train');
    await train.setUpAnotherRun();
    await train.setAll({ ...SHORT_RUN, learningRate: 0.1 });
    await train.setRunName('higher learning rate');
    secondRunId = await train.start();
    expect(secondRunId).not.toBe(firstRunId);
    await train.waitForStatus('completed');
  });

  await test.step('compare the two runs', async () => {
    await shell.goTo('runs');
    await runs.waitUntilReady();
    await expect(runs.rows).toHaveCount(2);
    await runs.select([firstRunId, secondRunId]);
    await runs.compareSelected();
    await compare.waitUntilLoaded();
    expect(await compare.runIds()).toEqual([firstRunId, secondRunId]);
    expect(await compare.differingHyperparameters()).toContain('learningRate');
    await expect(compare.confusion('delta')).toBeVisible();
  });

  await test.step('rename, tag, search and delete runs (deleting asks first)', async () => {
    await shell.goTo('runs');
    await runs.waitUntilReady();
    await runs.rename(secondRunId, 'lr 0.1');
    await runs.setTags(firstRunId, ['baseline', 'small-slice']);
    await expect(runs.tags(firstRunId)).toHaveText(['baseline', 'small-slice']);
    await runs.search('small-slice');
    expect(await runs.visibleRunIds()).toEqual([firstRunId]);
    await runs.search('');

    await runs.requestDelete(secondRunId);
    await runs.cancelDelete();
    await expect(runs.rows).toHaveCount(2);
    await runs.requestDelete(secondRunId);
    await runs.confirmDelete();
    expect(await runs.visibleRunIds()).toEqual([firstRunId]);

    await page.reload();
    await runs.waitUntilReady();
    expect(await runs.visibleRunIds()).toEqual([firstRunId]);
    await expect(runs.row(firstRunId).getByTestId('run-link')).toHaveText('first steps');
  });
});
