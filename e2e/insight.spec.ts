// Looking inside trained networks and writing them up: the run page's
// feature maps, saliency, filter filmstrip, bootstrap interval and report;
// compare's significance test and comparison report; the design view's
// gradient check. Runs are trained by the CLI into the server's database.

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures/test.js';
import { AppShell } from './pages/appShell.js';
import { ComparePage } from './pages/comparePage.js';
import { DesignPage } from './pages/designPage.js';
import { GradientCheckPanel } from './pages/gradientCheckPanel.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunInsightPanel } from './pages/runInsightPanel.js';
import { SignificanceCard } from './pages/significanceCard.js';

const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'dist/src-main/cli/main.js');

/** A short MNIST run (256 training images, 500 test images) stored by the CLI; its run id. */
async function trainQuickRun(databasePath: string, seed: number, epochs: number): Promise<number> {
  const args = ['train', '--preset', 'mnist-baseline', '--epochs', String(epochs), '--train-limit', '256', '--test-limit', '500'];
  args.push('--seed', String(seed), '--db', databasePath, '--json');
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args]);
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { runId: number }).runId;
}

/** Opens a report file in a browser context with the network switched off; the ids of the sections that show, and whether every image decoded. */
async function openOffline(browser: Browser, html: string): Promise<{ sections: string[]; imagesDecoded: boolean; requests: number }> {
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-report-'));
  const file = join(folder, 'report.html');
  await writeFile(file, html);
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests++;
  });
  await page.goto(`file://${file}`);
  const sections = await page.locator('section').evaluateAll((elements) => elements.filter((e) => (e as HTMLElement).offsetHeight > 0).map((e) => e.id));
  const imagesDecoded = await page.evaluate(() => Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0));
  await context.close();
  return { sections, imagesDecoded, requests };
}

test('the run page looks inside the network, follows the filters through training and writes the report', async ({ page, server, browser }) => {
  const runId = await trainQuickRun(server.databasePath, 3, 2);
  const shell = new AppShell(page);
  const run = new RunDetailPage(page);
  const insight = new RunInsightPanel(page);
  await shell.open(server.url, `#/runs/${runId}`);
  await run.waitForResults();
  await insight.waitUntilLoaded();

  const interval = await insight.accuracyInterval();
  expect(interval.low).toBeLessThan(interval.high);

  const [first] = await insight.pickableIndices();
  expect(first, 'the gallery offers misclassified images to pick').toBeDefined();
  await insight.pick(first);
  const layers = await insight.featureLayers();
  expect(layers.map((layer) => layer.name)).toEqual(['conv2d#0', 'relu#1', 'maxPool2d#2', 'conv2d#3', 'relu#4', 'maxPool2d#5', 'flatten#6', 'dense#7']);
  expect(layers[0].maps).toBe(16);
  expect(await insight.probabilityCount()).toBe(10);
  expect(await insight.saliencyKinds(), 'a mistake shows the true class too').toEqual(['predicted-gradient', 'true-gradient', 'predicted-times-input', 'occlusion']);

  await insight.inspectIndex(0);
  expect(await insight.filmstripFrames()).toBe(3);
  expect(await insight.filmstripLabel()).toBe('after epoch 2');
  await insight.setFilmstripFrame(0);
  await expect.poll(() => insight.filmstripLabel()).toBe('initialisation');

  const report = await insight.downloadReport();
  expect(report.fileName).toBe(`run-${runId}-report.html`);
  const opened = await openOffline(browser, report.html);
  expect(opened.sections).toEqual(['summary', 'parameters', 'hyperparameters', 'curves', 'per-class', 'confusion', 'misclassified', 'filters']);
  expect(opened.imagesDecoded).toBe(true);
  expect(opened.requests).toBe(0);
});

test('compare tests the difference for significance and writes the comparison report', async ({ page, server, browser }) => {
  const baseline = await trainQuickRun(server.databasePath, 1, 1);
  const other = await trainQuickRun(server.databasePath, 2, 1);
  const shell = new AppShell(page);
  const compare = new ComparePage(page);
  const significance = new SignificanceCard(page);
  await shell.open(server.url, `#/compare?ids=${baseline},${other}`);
  await compare.waitUntilLoaded();
  await significance.waitUntilLoaded();

  const counts = await significance.counts();
  expect(counts).toEqual({ onlyA: await compare.disagreementTotal('baseline-right'), onlyB: await compare.disagreementTotal('other-right') });
  const p = await significance.pValue();
  expect(p).toBeGreaterThan(0);
  expect(p).toBeLessThanOrEqual(1);
  expect(await significance.sentence()).toMatch(/^(No significant difference \(p = [0-9.]+\)|#\d+ .* is better, p = [0-9.<]+)/);

  const report = await significance.downloadReport();
  expect(report.fileName).toBe(`compare-${baseline}-${other}-report.html`);
  const opened = await openOffline(browser, report.html);
  expect(opened.sections.slice(0, 6)).toEqual(['significance', 'hyperparameter-diff', 'architecture-diff', 'curve-diff', 'class-diff', 'disagreements']);
  expect(opened.sections).toContain('a-summary');
  expect(opened.sections).toContain('b-filters');
  expect(opened.imagesDecoded).toBe(true);
});

test('the design view checks every layer’s gradients in a worker and badges each layer', async ({ page, server }) => {
  const shell = new AppShell(page);
  const design = new DesignPage(page);
  const check = new GradientCheckPanel(page);
  await shell.open(server.url, '#/design');
  await design.waitUntilReady();
  await design.loadPreset('mnist-best');
  await check.run();
  expect(await check.state()).toBe('pass');
  const badges = await check.badges();
  expect(badges.length).toBe(await design.cards.count());
  expect(badges.every((badge) => badge.pass && /^gradient ok · \d\.\de-\d+$/.test(badge.text))).toBe(true);

  // Any edit makes the result one of an earlier version: the badges go.
  await design.addFromPalette('relu');
  await expect.poll(async () => (await check.badges()).length).toBe(0);
  expect(await check.summary()).toContain('for an earlier version of this network');
});
