// Importing a dataset by path: a clear refusal for a wrong path, and an
// imported IDX dataset that the designer's input shape then follows.

import { writeFile } from 'node:fs/promises';
import { AppShell } from './pages/appShell.js';
import { DesignPage } from './pages/designPage.js';
import { TrainPage } from './pages/trainPage.js';
import { writeIdxDataset } from './fixtures/idxDataset.js';
import { expect, test } from './fixtures/test.js';

test('a path that holds no dataset is refused with the reason', async ({ page, server }, testInfo) => {
  const train = new TrainPage(page);
  await new AppShell(page).open(server.url, '#/train');
  await train.waitUntilReady();
  const folder = testInfo.outputPath('not-a-dataset');
  await writeIdxDataset(folder, 8, 4, 2);
  await writeFile(`${folder}/t10k-labels-idx1-ubyte`, Buffer.from([0, 0, 8, 1, 0, 0, 0, 9]));
  await train.importDataset(folder);
  await expect(train.importError).toContainText('Could not import that dataset');
  await expect(train.importError).toContainText('t10k-labels-idx1-ubyte');
  await expect(train.view.getByTestId('dataset-select')).toHaveValue('mnist');
});

test('an imported IDX dataset is selected and the network input follows its image size', async ({ page, server }, testInfo) => {
  const train = new TrainPage(page);
  const design = new DesignPage(page);
  const shell = new AppShell(page);
  await shell.open(server.url, '#/train');
  await train.waitUntilReady();
  const folder = testInfo.outputPath('tiny-digits');
  await writeIdxDataset(folder, 12, 40, 20);
  await train.importDataset(folder);
  await expect(page.getByText('tiny-digits imported: 40 training and 20 test images.')).toBeVisible();
  await expect(train.view.getByTestId('dataset-select')).toHaveValue(`idx:${folder}`);

  await shell.goTo('design');
  await expect(page.getByTestId('input-shape')).toHaveText('1×12×12');
  await expect(design.layer(1).arithmetic).toHaveText('(12 − 5 + 2·2)/1 + 1 = 12');
  await expect(design.layer(8).formula).toHaveText('144×10 + 10 = 1450');
});
