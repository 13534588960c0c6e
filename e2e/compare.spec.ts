// Two runs that disagree on more test images than a comparison's first page
// holds (48 a side): "Show more" reveals the rest of that page, then fetches
// the following pages through the API until every image is shown.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './fixtures/test.js';
import { AppShell } from './pages/appShell.js';
import { ComparePage } from './pages/comparePage.js';

const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'dist/src-main/cli/main.js');

/** A 4-step MNIST run stored in the server's database by the CLI; its run id. */
async function trainQuickRun(databasePath: string, seed: number, learningRate: number): Promise<number> {
  const args = ['train', '--preset', 'mnist-baseline', '--epochs', '1', '--train-limit', '256', '--test-limit', '1000'];
  args.push('--seed', String(seed), '--lr', String(learningRate), '--db', databasePath, '--json');
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args]);
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { runId: number }).runId;
}

test('compare pages through every image one run gets right and the other wrong', async ({ page, server }) => {
  const baseline = await trainQuickRun(server.databasePath, 1, 0.05);
  const other = await trainQuickRun(server.databasePath, 2, 0.02);
  const shell = new AppShell(page);
  const compare = new ComparePage(page);
  await shell.open(server.url, `#/compare?ids=${baseline},${other}`);
  await compare.waitUntilLoaded();

  const side = 'other-right';
  const total = await compare.disagreementTotal(side);
  expect(total, 'two barely trained runs disagree on more than two pages of images').toBeGreaterThan(2 * 48);
  const cards = compare.disagreementCards(side);
  await expect(cards).toHaveCount(12);
  await compare.showMoreDisagreements(side);
  await expect(cards).toHaveCount(60, { timeout: 10_000 });
  while ((await cards.count()) < total) {
    const before = await cards.count();
    await compare.showMoreDisagreements(side);
    await expect(cards).toHaveCount(Math.min(total, before + 48));
  }
  await expect(compare.showMoreButton(side)).toHaveCount(0);
  // Every card once: the pages neither overlap nor skip.
  const indices = await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-test-index')));
  expect(new Set(indices).size).toBe(total);
});
