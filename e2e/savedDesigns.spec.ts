// A design is never lost: every change is autosaved and comes back after a
// reload; named copies live in a library beside JSON import and export.

import { expectNoSeriousAxeViolations } from './fixtures/accessibility.js';
import { AppShell } from './pages/appShell.js';
import { DesignLibrary } from './pages/designLibrary.js';
import { DesignPage } from './pages/designPage.js';
import { expect, test } from './fixtures/test.js';

test('reloading while designing keeps the design; the library saves, duplicates, opens and deletes', async ({ page, server }) => {
  await new AppShell(page).open(server.url, '#/design');
  const design = new DesignPage(page);
  const library = new DesignLibrary(page);
  await design.waitUntilReady();
  await expect(design.cards).toHaveCount(9);

  await page.getByTestId('palette-dropout').click();
  await expect(design.cards).toHaveCount(10);
  await page.getByTestId('architecture-name').fill('my-net');
  await library.waitUntilSaved();

  await page.reload();
  await design.waitUntilReady();
  await expect(design.cards).toHaveCount(10);
  expect((await design.layerTypes()).slice(-2)).toEqual(['dropout', 'softmaxCrossEntropy']);
  await expect(page.getByTestId('architecture-name')).toHaveValue('my-net');

  await library.show();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await library.saveAsNew('my-net');
  await expect(library.row('my-net')).toContainText(/\d{1,3}(,\d{3})+/);
  await library.duplicate('my-net');
  await expect(library.rows).toHaveCount(2);
  await expectNoSeriousAxeViolations(page, 'the design view with its library open');

  await design.loadPreset('mnist-baseline');
  await expect(design.cards).toHaveCount(9);
  await library.open('my-net (copy)');
  await expect(design.cards).toHaveCount(10);
  await expect(page.getByTestId('architecture-name')).toHaveValue('my-net (copy)');
  await library.delete('my-net');
  await expect(library.rows).toHaveCount(1);

  // The views this test does not otherwise visit get the same accessibility check.
  const shell = new AppShell(page);
  await shell.goTo('datasets');
  await expect(page.getByTestId('datasets-view')).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'the Datasets view');
  await shell.goTo('compare');
  await expectNoSeriousAxeViolations(page, 'the empty compare view');
});
