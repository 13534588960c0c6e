// The architecture editor beyond the newcomer's path: keyboard, drag and
// drop, undo/redo, and saving and loading architecture files.

import { readFile, writeFile } from 'node:fs/promises';
import { AppShell } from './pages/appShell.js';
import { DesignPage } from './pages/designPage.js';
import { expect, test } from './fixtures/test.js';

test.beforeEach(async ({ page, server }) => {
  await new AppShell(page).open(server.url, '#/design');
  await new DesignPage(page).waitUntilReady();
});

test('layers are added, moved and removed from the keyboard, with focus following the layer', async ({ page }) => {
  const design = new DesignPage(page);
  await expect(design.cards).toHaveCount(9);

  await page.getByTestId('palette-dropout').focus();
  await page.keyboard.press('Enter');
  await expect(design.cards).toHaveCount(10);
  expect((await design.layerTypes()).slice(-2)).toEqual(['dropout', 'softmaxCrossEntropy']);
  await expect(design.layer(9).handle).toBeFocused();

  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  expect((await design.layerTypes()).slice(6, 8)).toEqual(['dropout', 'flatten']);
  await expect(design.layer(7).handle).toBeFocused();

  await design.layer(7).moveDown();
  expect((await design.layerTypes()).slice(6, 9)).toEqual(['flatten', 'dropout', 'dense']);
  await expect(design.layer(8).root.getByTestId('layer-move-down')).toBeFocused();

  await design.layer(8).handle.focus();
  await page.keyboard.press('Delete');
  await expect(design.cards).toHaveCount(9);
  await expect(page.getByTestId('design-announcement')).toContainText('Dropout removed');
});

test('the loss stays last: it cannot be moved or removed, and nothing moves below it', async ({ page }) => {
  const design = new DesignPage(page);
  const loss = design.layer(9);
  await expect(loss.root).toHaveAttribute('data-layer-type', 'softmaxCrossEntropy');
  await expect(loss.root.getByTestId('layer-delete')).toHaveCount(0);
  await expect(design.layer(8).root.getByTestId('layer-move-down')).toBeDisabled();
});

test('the pinned loss card edits its logit scale: empty means 1, 0 is refused', async ({ page }) => {
  const loss = new DesignPage(page).layer(9);
  await expect(loss.field('logitScale')).toHaveAttribute('placeholder', '1');
  await loss.setField('logitScale', 0);
  await expect(loss.error).toContainText('logit scale must be a number above 0, at most 100, got 0');
  await loss.setField('logitScale', 0.111);
  await expect(loss.error).toHaveCount(0);
  await expect(loss.field('logitScale')).toHaveValue('0.111');
});

test('a palette layer dragged between two layers lands there, and undo takes it back', async ({ page }) => {
  const design = new DesignPage(page);
  await design.dragFromPalette('relu', design.layer(4), 'top');
  await expect(design.cards).toHaveCount(10);
  expect((await design.layerTypes()).slice(2, 5)).toEqual(['maxPool2d', 'relu', 'conv2d']);

  await page.keyboard.press('Control+z');
  await expect(design.cards).toHaveCount(9);
  await page.keyboard.press('Control+Shift+z');
  await expect(design.cards).toHaveCount(10);
});

test('modern layers from the palette: batch norm with its running statistics, global pooling into the classifier', async ({ page }) => {
  const design = new DesignPage(page);
  await design.dragFromPalette('batchNorm', design.layer(2), 'top');
  const norm = design.layer(2);
  await expect(norm.root).toHaveAttribute('data-layer-type', 'batchNorm');
  await expect(norm.formula).toHaveText('2×16 = 32 (+ 32 running statistics, not trained)');
  await expect(norm.field('momentum')).toHaveAttribute('placeholder', '0.1');
  await norm.setField('momentum', 2);
  await expect(norm.error).toContainText('momentum must be a number from 0, at most 1, got 2');
  await norm.setField('momentum', 0.05);
  await expect(norm.error).toHaveCount(0);

  // Global average pooling in place of flatten: the classifier sees 16 channel means instead of 784 values.
  await design.layer(8).remove();
  await design.dragFromPalette('globalAvgPool', design.layer(8), 'top');
  expect((await design.layerTypes()).slice(6, 9)).toEqual(['maxPool2d', 'globalAvgPool', 'dense']);
  await expect(design.layer(8).outputShape).toContainText('16×7×7 → 16');
  await expect(design.layer(9).formula).toHaveText('16×10 + 10 = 170');
});

test('a layer dragged onto another position moves there', async ({ page }) => {
  const design = new DesignPage(page);
  await design.layer(2).handle.dragTo(design.layer(3).root, { targetPosition: { x: 200, y: 60 } });
  expect((await design.layerTypes()).slice(0, 3)).toEqual(['conv2d', 'maxPool2d', 'relu']);
});

test('typing into one field is one undo step, and undo/redo buttons follow the history', async ({ page }) => {
  const design = new DesignPage(page);
  const units = design.layer(8).field('units');
  await expect(page.getByTestId('undo')).toBeDisabled();
  await units.click();
  await page.keyboard.press('End');
  await page.keyboard.type('0', { delay: 20 });
  await page.keyboard.type('0', { delay: 20 });
  await expect(units).toHaveValue('1000');
  await expect(design.layer(8).formula).toHaveText('784×1000 + 1000 = 785000');
  await expect(design.layer(9).error).toContainText('10 classes');

  await design.undo();
  await expect(units).toHaveValue('10');
  await expect(design.layer(9).error).toHaveCount(0);
  await expect(page.getByTestId('undo')).toBeDisabled();
  await design.redo();
  await expect(units).toHaveValue('1000');
});

test('an architecture saved to JSON loads back identically; a broken file is refused with reasons', async ({ page }, testInfo) => {
  const design = new DesignPage(page);
  await design.layer(1).setField('filters', 12);
  await page.getByTestId('architecture-name').fill('twelve-filters');
  const saved = await design.saveArchitecture();
  const json = JSON.parse(await readFile(saved, 'utf8'));
  expect(json.name).toBe('twelve-filters');
  expect(json.layers[0]).toEqual({ type: 'conv2d', filters: 12, kernelSize: 5, stride: 1, padding: 2 });

  await design.loadPreset('mnist-baseline');
  await expect(design.layer(1).field('filters')).toHaveValue('16');
  await design.loadArchitectureFile(saved);
  await expect(design.layer(1).field('filters')).toHaveValue('12');
  await expect(page.getByTestId('architecture-name')).toHaveValue('twelve-filters');

  const broken = testInfo.outputPath('broken.json');
  await writeFile(broken, JSON.stringify({ ...json, layers: [{ type: 'conv2d', filters: 'many', kernelSize: 5 }] }));
  await design.loadArchitectureFile(broken);
  await expect(design.loadError).toContainText('broken.json');
  await expect(design.loadError).toContainText('layers[0].filters');
  await expect(page.getByTestId('architecture-name')).toHaveValue('twelve-filters');
});
