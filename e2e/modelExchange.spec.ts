// A run carried out of the workbench and results brought back: the run page
// exports ONNX and a PyTorch project into folders on the machine; the Runs
// view imports a table of per-epoch metrics trained elsewhere, which is
// listed as external, has its own run page, and compares beside the local run.

import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './fixtures/test.js';
import { AppShell } from './pages/appShell.js';
import { ComparePage } from './pages/comparePage.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { RunsPage } from './pages/runsPage.js';

const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'dist/src-main/cli/main.js');

async function trainQuickRun(databasePath: string): Promise<number> {
  const args = ['train', '--preset', 'mnist-baseline', '--epochs', '1', '--train-limit', '256', '--test-limit', '200', '--db', databasePath, '--json'];
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args]);
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { runId: number }).runId;
}

test('export a run as ONNX and PyTorch, import results from elsewhere and compare them', async ({ page, server }) => {
  const local = await trainQuickRun(server.databasePath);
  const shell = new AppShell(page);
  const detail = new RunDetailPage(page);
  await shell.open(server.url, `#/runs/${local}`);
  await detail.waitUntilLoaded();

  const onnx = await detail.exportModel('onnx');
  expect(onnx.directory).toBe(join(dirname(server.databasePath), 'exports', `run-${local}-onnx`));
  expect(onnx.files).toEqual([`run-${local}.onnx`]);
  expect(existsSync(join(onnx.directory, `run-${local}.onnx`))).toBe(true);
  const pytorch = await detail.exportModel('pytorch', join(dirname(server.databasePath), 'to-the-cluster'));
  expect(pytorch.files).toEqual(expect.arrayContaining(['model.py', 'train.py', 'weights.bin', 'README.md']));
  expect(await detail.externalKind()).toBeNull();

  const metrics = join(dirname(server.databasePath), 'history.csv');
  writeFileSync(metrics, 'epoch,loss,accuracy,val_loss,val_accuracy\n0,1.2,0.61,0.9,0.7\n1,0.6,0.81,0.5,0.84\n');
  const runs = new RunsPage(page);
  await shell.open(server.url, '#/runs');
  await runs.waitUntilReady();
  const imported = await runs.importRunFile(metrics, 'trained on the cluster');
  expect(imported.notes.join(' ')).toContain('per-epoch metrics only');
  await expect(runs.externalBadge(imported.runId)).toHaveText('external · metrics file');
  await expect(runs.externalBadge(local)).toHaveCount(0);

  await runs.open(imported.runId);
  await detail.waitUntilLoaded();
  expect(await detail.externalKind()).toBe('metrics file');
  expect(await detail.curveEpochCount()).toBe(2);
  await expect(page.getByTestId('architecture-unknown')).toBeVisible();

  const compare = new ComparePage(page);
  await shell.open(server.url, `#/compare?ids=${local},${imported.runId}`);
  await compare.waitUntilLoaded();
  await expect(page.getByTestId('compare-external')).toHaveText('(external: metrics file)');
});
