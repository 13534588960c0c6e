// The bench report as text for the terminal: what ran, the medians, the
// ratios of this engine to each other one, and the notes.

import { renderTable } from '../cli/tables.js';
import { OWN_ENGINE, type BenchRatio, type BenchReport, type BenchResult } from './report.js';

const rate = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3));
const gflops = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));
const times = (ratio: number) => `${ratio >= 100 ? Math.round(ratio).toLocaleString('en-US') : ratio.toPrecision(3)}×`;
const label = (engine: string, workers: number) => (engine === OWN_ENGINE ? `${engine} ×${workers}` : engine);

function resultsTable(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.net,
    r.mode,
    r.engine,
    String(r.workers),
    rate(r.imagesPerSecond),
    gflops(r.gflops),
    r.roundImagesPerSecond.map(rate).join(' '),
  ]);
  return renderTable(['net', 'mode', 'engine', 'threads', 'images/s', 'GFLOP/s', 'each round'], rows, [
    'left',
    'left',
    'left',
    'right',
    'right',
    'right',
    'left',
  ]);
}

/** " (rounds 0.95–1.02)": the lowest and highest of the rounds' own ratios, when there are two or more. */
function roundSpread(ratios: number[]): string {
  if (ratios.length < 2) return '';
  const plain = (ratio: number) => times(ratio).slice(0, -1);
  return ` (rounds ${plain(Math.min(...ratios))}–${plain(Math.max(...ratios))})`;
}

/** One row per net, mode and worker count of this engine; one column per engine it is compared with. */
function ratiosTable(ratios: BenchRatio[]): string {
  const columns = [...new Set(ratios.map((r) => label(r.versus, r.versusWorkers)))];
  const rows = new Map<string, { cells: string[]; values: Map<string, string> }>();
  for (const r of ratios) {
    const key = `${r.net}\u0000${r.mode}\u0000${r.workers}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { cells: [r.net, r.mode, label(r.engine, r.workers)], values: new Map() }));
    row.values.set(label(r.versus, r.versusWorkers), times(r.ratio) + roundSpread(r.roundRatios));
  }
  const body = [...rows.values()].map((row) => [...row.cells, ...columns.map((c) => row.values.get(c) ?? '–')]);
  return renderTable(['net', 'mode', 'engine', ...columns.map((c) => `vs ${c}`)], body, [
    'left',
    'left',
    'left',
    ...columns.map(() => 'right' as const),
  ]);
}

export function renderReport(report: BenchReport): string {
  const { machine, settings } = report;
  const lines = [
    `cnn-workbench bench: batch ${settings.batchSize}, ${settings.rounds} round${settings.rounds === 1 ? '' : 's'}, medians of images/s; ` +
      `${settings.steps === null ? 'steps sized to about 2 s per measurement' : `${settings.steps} steps per measurement`}`,
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`,
    '',
    ...report.engines.map((e) => `  ${label(e.engine, e.workers)}: ${e.description}`),
    '',
  ];
  if (report.results.length > 0) {
    lines.push(resultsTable(report.results), '', 'GFLOP/s counts 3× the forward FLOPs per image for training, 1× for evaluation.', '');
  }
  if (report.ratios.length > 0) {
    lines.push(
      `${OWN_ENGINE} images/s divided by the other engine's (medians; in brackets the range of each round's ratio, its two measurements taken back to back):`,
      ratiosTable(report.ratios),
      '',
    );
  }
  if (report.peakRss) {
    const rss = report.peakRss;
    lines.push(
      `peak RSS of one full ${rss.dataset} training epoch of ${rss.net}: ${(rss.peakRssBytes / 2 ** 20).toFixed(0)} MiB ` +
        `(${rss.epochSeconds.toFixed(1)} s, ${rate(rss.trainImagesPerSecond)} images/s, ${rss.workers} worker${rss.workers === 1 ? '' : 's'})`,
      '',
    );
  }
  if (report.notes.length > 0) lines.push('notes:', ...report.notes.map((note) => `  - ${note}`));
  return lines.join('\n');
}
