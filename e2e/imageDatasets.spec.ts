// A folder of the person's own pictures, end to end through the UI: import
// it (with progress and the skipped files listed), browse its class counts
// and samples, fit the network's output to its classes in the designer,
// train, and open the run's misclassified gallery; a .zip dropped in serve
// mode imports the same way.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLASS_COLOURS, encodeFixture, writeClassFolders, writeFixtureImage, zipArchive } from '../src-main/datasets/imageFolder/imageFixtures.js';
import { AppShell } from './pages/appShell.js';
import { DatasetsPage } from './pages/datasetsPage.js';
import { DesignPage } from './pages/designPage.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

const CLASSES = ['circle', 'square', 'triangle'];

/** train/ in one colour per class; test/ holds a few pictures in another class's colour, so mistakes are certain. */
async function writeShapes(folder: string): Promise<void> {
  await writeClassFolders(join(folder, 'train'), CLASSES, { perClass: 16, width: 24, height: 20 });
  await writeClassFolders(join(folder, 'test'), CLASSES, { perClass: 3, width: 24, height: 20 });
  for (const [label, name] of CLASSES.entries()) {
    const wrongColour = CLASS_COLOURS[(label + 1) % CLASSES.length];
    await writeFixtureImage(join(folder, 'test', name, 'odd-one.png'), await encodeFixture(24, 20, wrongColour, 9, 'png'));
  }
  await writeFile(join(folder, 'train', 'circle', 'notes.txt'), 'not a picture');
  await writeFile(join(folder, 'train', 'square', 'empty.png'), '');
}

test('a picture folder is imported from the UI, trained on, and its run shows the misclassified gallery', async ({ page, server }, testInfo) => {
  test.setTimeout(240_000);
  const shell = new AppShell(page);
  const datasets = new DatasetsPage(page);
  const design = new DesignPage(page);
  const train = new TrainPage(page);
  const runDetail = new RunDetailPage(page);
  const folder = testInfo.outputPath('shapes');
  await writeShapes(folder);

  await shell.open(server.url, '#/design');
  await shell.goTo('datasets');
  await datasets.waitUntilReady();
  await datasets.startImport(folder, { name: 'Shapes', size: 28, channels: 1 });
  expect(await datasets.waitForImport()).toBe('Shapes imported: 3 classes, 48 training and 12 test images, 2 files skipped.');
  await expect(datasets.detail.getByTestId('dataset-title')).toHaveText('Shapes');
  await expect(datasets.detail.getByTestId('dataset-shape')).toContainText('3 classes · grayscale 1×28×28');
  expect(await datasets.classCounts()).toEqual([
    ['circle', 20],
    ['square', 20],
    ['triangle', 20],
  ]);
  await expect(datasets.imbalanceWarning).toHaveCount(0);
  expect(await datasets.samplesPerClass()).toEqual([8, 8, 8]);
  await datasets.skippedFiles.click();
  await expect(datasets.skippedFiles).toContainText('train/circle/notes.txt');
  await expect(datasets.skippedFiles).toContainText('not an image file (.txt)');
  await expect(datasets.skippedFiles).toContainText('empty file (0 bytes)');
  const datasetId = await datasets.selectedId();
  expect(datasetId).toMatch(/^images:.*Shapes-1x28x28-crop-[0-9a-f]{10}\.cwimg$/);

  // The preset's ten outputs do not fit three classes: the designer says so until the last dense layer has 3 units.
  await datasets.designForIt();
  await design.waitUntilReady();
  await expect(page.getByTestId('input-shape')).toHaveText('1×28×28');
  await expect(design.layer(9).error).toContainText('the dataset has 3 classes: make the last dense layer 3 units');
  await design.layer(8).setField('units', 3);
  await expect(design.layer(9).error).toHaveCount(0);

  await shell.goTo('train');
  await train.waitUntilReady();
  await expect(train.view.getByTestId('dataset-select')).toHaveValue(datasetId);
  await train.setAll({ epochs: 2, batchSize: 8, trainLimit: null, testLimit: null, valSplit: 0.1 });
  await train.setRunName('shapes run');
  const runId = await train.start();
  await train.waitForStatus('completed');

  await page.goto(`${server.url}#/runs/${runId}`);
  await runDetail.waitForResults();
  await runDetail.waitForGalleryIdle();
  await expect(runDetail.galleryImages().first()).toBeVisible();
  const samples = await runDetail.gallerySamples();
  expect(samples.length).toBeGreaterThan(0);
  expect((await runDetail.classReport()).map((row) => row.label)).toEqual(CLASSES);

  // The run links to its dataset, and the dataset lists the run.
  await page.getByTestId('run-dataset-link').click();
  await expect(datasets.detail.getByTestId('dataset-title')).toHaveText('Shapes');
  await expect(datasets.runLinks).toHaveText([`#${runId} shapes run`]);
});

test('serve mode imports a dropped .zip of a picture folder; deleting the dataset keeps its pictures out of the list', async ({ page, server }, testInfo) => {
  const shell = new AppShell(page);
  const datasets = new DatasetsPage(page);
  const png = (label: number, n: number) => encodeFixture(10, 10, CLASS_COLOURS[label], n, 'png');
  const entries = [];
  for (const [label, name] of ['rot', 'grün'].entries()) {
    for (let n = 0; n < (label === 0 ? 12 : 3); n++) entries.push({ name: `farben/${name}/${n}.png`, data: await png(label, n) });
  }
  const zipFile = testInfo.outputPath('farben.zip');
  await writeFile(zipFile, zipArchive(entries));

  await shell.open(server.url, '#/datasets');
  await datasets.waitUntilReady();
  await page.getByTestId('dataset-import-val-split').fill('0.25');
  await page.getByTestId('dataset-zip-input').setInputFiles(zipFile);
  expect(await datasets.waitForImport()).toBe('farben imported: 2 classes, 12 training and 3 test images.');
  expect(await datasets.classCounts()).toEqual([
    ['grün', 3],
    ['rot', 12],
  ]);
  await expect(datasets.imbalanceWarning).toContainText('the largest class has 4.0× the images of the smallest');
  await expect(datasets.importDetails).toContainText('one folder per class, centre-cropped to 32×32; validation held out at import, test held out at import');

  await datasets.deleteSelected();
  await expect(datasets.entries.filter({ hasText: 'farben' })).toHaveCount(0);
  await expect(datasets.detail.getByTestId('dataset-title')).toHaveText('MNIST');
});
