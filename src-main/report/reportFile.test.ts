import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { completedRun, openTestStore } from '../store/testFixtures.js';
import { encodePng } from './png.js';
import { renderReportInWorker } from './renderInWorker.js';
import { buildReport, gatherReport, renderReport } from './reportFile.js';
import { niceTicks } from './svgChart.js';

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));

describe('the report file', () => {
  const { store } = openTestStore();
  const a = completedRun(store, [
    [1, 0, 0.9],
    [5, 0, 0.6],
    [7, 2, 0.55],
  ]);
  const b = completedRun(store, [[5, 0, 0.7]], { name: 'second' });
  const noFilters = async () => null;

  it('of one run has every section, embeds its images and loads nothing from outside', async () => {
    const report = await buildReport({ store, runIds: [a], filterEvolution: noFilters, now: NOW });
    assert.equal(report.fileName, `run-${a}-report.html`);
    for (const id of ['summary', 'parameters', 'hyperparameters', 'curves', 'per-class', 'confusion', 'misclassified', 'filters']) {
      assert.match(report.html, new RegExp(`<section id="${id}">`), id);
    }
    assert.match(report.html, /95 % bootstrap interval/);
    assert.equal((report.html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? []).length, 3 + 1, 'three mistakes and the filter grid');
    assert.equal((report.html.match(/<svg /g) ?? []).length, 2, 'loss and accuracy curves');
    const external = [...report.html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]).filter((url) => !url.startsWith('data:'));
    assert.deepEqual(external, []);
    assert.match(report.html, /default-src 'none'/, 'a content security policy forbids fetching');
    assert.match(report.html, /generated 2026-01-02 03:04 UTC/);
  });

  it('of two runs adds the significance test, the differences and both runs', async () => {
    const report = await buildReport({ store, runIds: [a, b], filterEvolution: noFilters, now: NOW });
    assert.equal(report.fileName, `compare-${a}-${b}-report.html`);
    for (const id of ['significance', 'hyperparameter-diff', 'architecture-diff', 'curve-diff', 'class-diff', 'disagreements', 'a-summary', 'b-summary', 'b-filters']) {
      assert.match(report.html, new RegExp(`<section id="${id}">`), id);
    }
    // A misses test images 1, 5, 7; B misses 5: B alone is right on 2, A alone on none; p = 2·(½)² = 0.5.
    assert.match(report.html, /No significant difference \(p = 0\.50\): A alone gets 0 images right, B alone 2\./);
  });

  it('renders the same file in a worker thread as in-process', async () => {
    const data = await gatherReport({ store, runIds: [a, b], filterEvolution: noFilters, now: NOW });
    assert.deepEqual(await renderReportInWorker(data), renderReport(data));
  });

  it('refuses a report of no run, of three, or of a run with itself', async () => {
    await assert.rejects(buildReport({ store, runIds: [], filterEvolution: noFilters }), /one run or compares two/);
    await assert.rejects(buildReport({ store, runIds: [a, a], filterEvolution: noFilters }), /with itself/);
  });
});

describe('report pictures and charts', () => {
  it('PNG: signature, size in the header, and rows that inflate back to the pixels', () => {
    const rgba = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 7);
    const png = encodePng(rgba, 2, 3);
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2, 3]);
    const idatLength = png.readUInt32BE(33);
    assert.equal(png.toString('ascii', 37, 41), 'IDAT');
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    assert.deepEqual([...rows.subarray(1, 9)], [...rgba.subarray(0, 8)]);
    assert.equal(rows[0], 0, 'filter byte: none');
  });

  it('chart ticks are round numbers covering the range', () => {
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(1, 3), [1, 1.5, 2, 2.5, 3]);
  });
});
