// The sections about one run: summary with the accuracy's bootstrap
// interval, parameter table with formulas, hyperparameters, curves,
// per-class precision and recall, confusion matrix, misclassified images
// and the first-layer filters with their evolution.

import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { formatShape } from '../../common/arch/spec.js';
import type { FilterEvolution } from '../../common/insight.js';
import { bootstrapAccuracyInterval } from '../../common/metrics/significance.js';
import type { MisclassifiedSample, RunDetail } from '../../common/runs.js';
import { classReportAverages } from '../../common/viz/classReport.js';
import { rgbToCss, textColorOn } from '../../common/viz/colors.js';
import { countCellColor, maxAbsValue } from '../../common/viz/confusion.js';
import { runCurves } from '../../common/viz/curves.js';
import { formatDuration, formatMetric } from '../../common/viz/format.js';
import { hyperparameterRows } from '../../common/viz/hyperparameters.js';
import { describeLayer } from '../../common/viz/layerLabel.js';
import { escapeHtml, section, table } from './html.js';
import { filterGridDataUri, imageDataUri } from './reportImages.js';
import { lineChartSvg } from './svgChart.js';

export interface RunReportData {
  run: RunDetail;
  /** The most confident mistakes first. */
  misclassified: MisclassifiedSample[];
  filters: FilterEvolution | null;
}

export interface Section {
  id: string;
  title: string;
  html: string;
}

export const percent = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`;
const integer = (value: number) => value.toLocaleString('en-US');

/** Correct and total test images from the confusion matrix. */
export function testCounts(run: RunDetail): { correct: number; total: number } | null {
  const counts = run.results?.confusion.counts;
  if (!counts) return null;
  const total = counts.flat().reduce((sum, value) => sum + value, 0);
  const correct = counts.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return total > 0 ? { correct, total } : null;
}

export function accuracyWithInterval(run: RunDetail): string {
  const counts = testCounts(run);
  if (!counts) return percent(run.testAccuracy);
  const ci = bootstrapAccuracyInterval(counts.correct, counts.total);
  return `${percent(ci.accuracy)} <span class="muted">(95 % bootstrap interval ${percent(ci.low)} – ${percent(ci.high)}, ${integer(counts.total)} test images)</span>`;
}

function summary(run: RunDetail): string {
  const cell = (label: string, value: string) => `<div><span class="muted">${escapeHtml(label)}</span><b>${value}</b></div>`;
  return `<div class="summary-grid">${[
    cell('Test accuracy', percent(run.results?.testAccuracy ?? run.testAccuracy)),
    cell('Test loss', formatMetric(run.results?.testLoss)),
    cell('Best validation accuracy', percent(run.bestValAccuracy)),
    cell('Parameters', integer(run.paramCount)),
    cell('Epochs', `${run.epochsCompleted} of ${run.epochsPlanned}`),
    cell('Training time', formatDuration(run.durationMs)),
  ].join('')}</div>
<p>Test accuracy ${accuracyWithInterval(run)}.</p>
<p class="muted">Dataset ${escapeHtml(run.dataset.name)}: ${integer(run.dataset.trainCount)} training, ${integer(run.dataset.valCount)} validation, ${integer(run.dataset.testCount)} test images; classes ${escapeHtml(run.dataset.classNames.join(', '))}. Status ${escapeHtml(run.status)}, created ${escapeHtml(run.createdAt)}${run.tags.length ? `, tags ${escapeHtml(run.tags.join(', '))}` : ''}.</p>`;
}

function parameterTable(run: RunDetail): string {
  if (!run.architecture) return '<p class="muted">Not recorded: the imported file does not describe the network.</p>';
  const analysis = analyzeArchitecture(run.architecture, { numClasses: run.dataset.classNames.length });
  const input = run.architecture.input;
  const rows = [
    ['', 'input', `<span class="mono">${input.channels}×${input.height}×${input.width}</span>`, '', '', ''],
    ...analysis.layers.map((layer) => [
      String(layer.index + 1),
      escapeHtml(describeLayer(run.architecture!.layers[layer.index])),
      `<span class="mono">${escapeHtml(formatShape(layer.outShape))}</span>`,
      `<span class="mono">${escapeHtml(layer.formula)}</span>`,
      layer.params > 0 ? integer(layer.params) : '—',
      layer.flops > 0 ? integer(layer.flops) : '—',
    ]),
    ['', '<b>Total</b>', '', '', `<b>${integer(analysis.totalParams)}</b>`, `<b>${integer(analysis.totalFlops)}</b>`],
  ];
  return `<p>Architecture <b>${escapeHtml(run.architecture.name)}</b>.</p>${table(['#', 'Layer', 'Output shape', 'Parameters (formula)', 'Parameters', 'FLOPs per image'], rows, { numeric: [false, false, false, false, true, true] })}`;
}

function hyperparameters(run: RunDetail): string {
  if (!run.hyperparameters) return '<p class="muted">Not recorded: the imported file does not state the training recipe.</p>';
  return table(['Setting', 'Value'], hyperparameterRows([run.hyperparameters]).map((row) => [escapeHtml(row.label), escapeHtml(row.values[0])]));
}

function curves(run: RunDetail): string {
  const { loss, accuracy } = runCurves(run.epochs);
  const colored = (series: typeof loss) => series.map((s) => ({ ...s, color: s.name === 'train' ? '#8a6d3b' : '#2f6fb3' }));
  return `<div class="figures">${lineChartSvg(colored(loss), { title: 'Loss per epoch', yLabel: 'cross-entropy' })}${lineChartSvg(colored(accuracy), {
    title: 'Accuracy per epoch',
    yLabel: 'accuracy',
    formatY: (v) => `${(v * 100).toFixed(1)}%`,
  })}</div>`;
}

function classReport(run: RunDetail): string {
  const rows = run.results!.perClass;
  const body = [
    ...rows.map((r) => [escapeHtml(r.label), r.precision.toFixed(4), r.recall.toFixed(4), r.f1.toFixed(4), integer(r.support)]),
    ...classReportAverages(rows).map((a) => [`<i>${escapeHtml(a.label)}</i>`, a.precision.toFixed(4), a.recall.toFixed(4), a.f1.toFixed(4), integer(a.support)]),
  ];
  return table(['Class', 'Precision', 'Recall', 'F1', 'Support'], body, { numeric: [false, true, true, true, true] });
}

export function confusionTable(classNames: string[], counts: number[][], color: (value: number, max: number) => ReturnType<typeof countCellColor>, format: (v: number) => string): string {
  const max = maxAbsValue(counts);
  const header = `<tr><th>true ↓ / predicted →</th>${classNames.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>`;
  const rows = counts
    .map((row, t) => {
      const cells = row
        .map((value) => {
          const background = color(value, max);
          return `<td style="background:${rgbToCss(background)};color:${textColorOn(background)}">${format(value)}</td>`;
        })
        .join('');
      return `<tr><th>${escapeHtml(classNames[t])}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="confusion">${header}${rows}</table>`;
}

export function sampleFigures(samples: MisclassifiedSample[], classNames: string[], caption = (s: MisclassifiedSample) => `predicted ${classNames[s.predictedLabel]} (${(s.confidence * 100).toFixed(1)}%)`): string {
  if (samples.length === 0) return '<p class="muted">None.</p>';
  return `<div class="samples">${samples
    .map(
      (s) =>
        `<figure><img class="pixelated" src="${imageDataUri(s.pixels)}" alt="test image ${s.testIndex}"><figcaption>#${s.testIndex}: true <b>${escapeHtml(classNames[s.trueLabel])}</b><br>${escapeHtml(caption(s))}</figcaption></figure>`,
    )
    .join('')}</div>`;
}

function filters(data: RunReportData): string {
  const bank = data.run.results?.firstLayerFilters;
  if (!bank) return '<p class="muted">This network does not start with a convolution, so there are no filters to show.</p>';
  const final = `<p>${bank.count} filters of ${bank.channels}×${bank.height}×${bank.width} after training (each stretched to its own range):</p><img class="pixelated" src="${filterGridDataUri(bank)}" alt="first-layer filters">`;
  const frames = data.filters?.frames ?? [];
  if (frames.length < 2) return final;
  const strip = frames
    .map((frame) => `<figure><img class="pixelated" src="${filterGridDataUri(frame.bank, 5, 8)}" alt="filters at epoch ${frame.epoch}"><figcaption>${frame.epoch === 0 ? 'initialisation' : `epoch ${frame.epoch}`}</figcaption></figure>`)
    .join('');
  return `${final}<h3>How they changed, epoch by epoch</h3>${data.filters?.note ? `<p class="muted">${escapeHtml(data.filters.note)}</p>` : ''}<div class="filmstrip">${strip}</div>`;
}

/** Every section of one run's report; `prefix` keeps ids unique when two runs share a page. */
export function runSections(data: RunReportData, prefix = '', titlePrefix = ''): Section[] {
  const { run } = data;
  const sections: Section[] = [
    { id: `${prefix}summary`, title: 'Summary', html: summary(run) },
    { id: `${prefix}parameters`, title: 'Architecture and parameters', html: parameterTable(run) },
    { id: `${prefix}hyperparameters`, title: 'Hyperparameters', html: hyperparameters(run) },
    { id: `${prefix}curves`, title: 'Training curves', html: curves(run) },
  ];
  if (run.results) {
    const classNames = run.results.confusion.classNames;
    sections.push(
      { id: `${prefix}per-class`, title: 'Per-class precision and recall', html: classReport(run) },
      {
        id: `${prefix}confusion`,
        title: 'Confusion matrix',
        html: `<p class="muted">Rows are true classes, columns predictions; shade grows with the square root of the count.</p>${confusionTable(classNames, run.results.confusion.counts, countCellColor, String)}`,
      },
      {
        id: `${prefix}misclassified`,
        title: 'Misclassified test images',
        html: `<p class="muted">The ${data.misclassified.length} most confident of ${integer(run.results.misclassifiedCount)} mistakes.</p>${sampleFigures(data.misclassified, classNames)}`,
      },
      { id: `${prefix}filters`, title: 'First-layer filters', html: filters(data) },
    );
  } else {
    sections.push({ id: `${prefix}results`, title: 'Test results', html: `<p class="muted">None yet: the run is ${escapeHtml(run.status)}.</p>` });
  }
  return sections.map((s) => ({ ...s, title: `${titlePrefix}${s.title}`, html: section(s.id, `${titlePrefix}${s.title}`, s.html) }));
}
