// The sections of a two-run report before each run's own: the significance
// test on the images they disagree on, the differences in recipe,
// architecture, curves, per-class recall and confusion, and the disagreements.

import { describeMcnemar, mcnemarExact, pValueText } from '../../common/metrics/significance.js';
import type { MisclassifiedPage, RunDetail } from '../../common/runs.js';
import { diffArchitectures } from '../../common/viz/archDiff.js';
import { seriesColor } from '../../common/viz/colors.js';
import { deltaCellColor } from '../../common/viz/confusion.js';
import { comparisonSeries } from '../../common/viz/curves.js';
import { formatPointsDelta, formatSignedCount } from '../../common/viz/format.js';
import { hyperparameterRows } from '../../common/viz/hyperparameters.js';
import { describeLayer } from '../../common/viz/layerLabel.js';
import { escapeHtml, section, table } from './html.js';
import { accuracyWithInterval, confusionTable, percent, sampleFigures, type Section } from './runSections.js';
import { lineChartSvg } from './svgChart.js';

export interface ComparisonData {
  a: RunDetail;
  b: RunDetail;
  /** Images A gets right and B wrong, and the reverse; null when the test sets differ. */
  onlyA: MisclassifiedPage | null;
  onlyB: MisclassifiedPage | null;
  /** Why the images cannot be paired, when they cannot. */
  pairingError: string | null;
}

const label = (run: RunDetail, letter: string) => `${letter} (#${run.id} ${run.name})`;

function significance(data: ComparisonData): string {
  const { a, b } = data;
  const accuracies = table(
    ['Run', 'Test accuracy'],
    [
      [escapeHtml(label(a, 'A')), accuracyWithInterval(a)],
      [escapeHtml(label(b, 'B')), accuracyWithInterval(b)],
    ],
  );
  const delta = a.testAccuracy !== null && b.testAccuracy !== null ? `<p>B − A: <b>${formatPointsDelta(b.testAccuracy - a.testAccuracy)}</b>.</p>` : '';
  if (!data.onlyA || !data.onlyB) return `${accuracies}${delta}<p class="muted">No McNemar test: ${escapeHtml(data.pairingError ?? 'the runs cannot be paired')}.</p>`;
  const result = mcnemarExact(data.onlyA.total, data.onlyB.total);
  return `${accuracies}${delta}
<p class="verdict" data-section="mcnemar">${escapeHtml(describeMcnemar(result, 'A', 'B'))}</p>
${table(['', 'B right', 'B wrong'], [
    ['<b>A right</b>', '—', `<b>${result.onlyA}</b>`],
    ['<b>A wrong</b>', `<b>${result.onlyB}</b>`, '—'],
  ])}
<p class="muted">McNemar's exact test: of the ${result.onlyA + result.onlyB} test images exactly one run gets right, under "equally good" each would be a fair coin; two-sided ${pValueText(result.pValue)}.</p>`;
}

function hyperparameterDiff(a: RunDetail, b: RunDetail): string {
  if (!a.hyperparameters || !b.hyperparameters) return '<p class="muted">One of the runs does not record its recipe.</p>';
  const rows = hyperparameterRows([a.hyperparameters, b.hyperparameters]).map((row) => [
    row.differs ? `<b>${escapeHtml(row.label)}</b>` : escapeHtml(row.label),
    escapeHtml(row.values[0]),
    row.differs ? `<b>${escapeHtml(row.values[1])}</b>` : escapeHtml(row.values[1]),
  ]);
  return table(['Setting', 'A', 'B'], rows);
}

function architectureDiff(a: RunDetail, b: RunDetail): string {
  if (!a.architecture || !b.architecture) return '<p class="muted">One of the runs does not record its architecture.</p>';
  const diff = diffArchitectures(a.architecture, b.architecture);
  const changes = diff.inputChanges.map((c) => `${c.field} ${c.before} → ${c.after}`).join(', ');
  const rows = diff.rows.map((row) => [
    row.kind,
    row.before ? escapeHtml(`${row.before.index + 1}. ${describeLayer(row.before.layer)}`) : '',
    row.after ? escapeHtml(`${row.after.index + 1}. ${describeLayer(row.after.layer)}`) : '',
    escapeHtml(row.changes.map((c) => `${c.field}: ${c.before} → ${c.after}`).join(', ')),
  ]);
  return `${changes ? `<p>Input: ${escapeHtml(changes)}</p>` : ''}${table(['', 'A', 'B', 'Changes'], rows)}`;
}

function curves(a: RunDetail, b: RunDetail): string {
  const runs = [a, b].map((run) => ({ id: run.id, name: run.name, epochs: run.epochs }));
  return `<div class="figures">${lineChartSvg(comparisonSeries(runs, 'loss', seriesColor), { title: 'Loss', yLabel: 'cross-entropy' })}${lineChartSvg(comparisonSeries(runs, 'accuracy', seriesColor), {
    title: 'Accuracy',
    yLabel: 'accuracy',
    formatY: (v) => `${(v * 100).toFixed(1)}%`,
  })}</div>`;
}

function classDiffs(a: RunDetail, b: RunDetail): string {
  const ra = a.results;
  const rb = b.results;
  if (!ra || !rb) return '<p class="muted">Both runs need test results.</p>';
  if (ra.confusion.classNames.join('\u0000') !== rb.confusion.classNames.join('\u0000')) return '<p class="muted">The runs have different classes.</p>';
  const recall = table(
    ['Class', 'Recall A', 'Recall B', 'B − A'],
    ra.perClass.map((row, i) => [escapeHtml(row.label), percent(row.recall), percent(rb.perClass[i].recall), formatPointsDelta(rb.perClass[i].recall - row.recall)]),
    { numeric: [false, true, true, true] },
  );
  const delta = rb.confusion.counts.map((row, i) => row.map((value, j) => value - ra.confusion.counts[i][j]));
  return `${recall}<h3>Confusion matrix, B − A</h3><p class="muted">Blue: B has more images in the cell, red: fewer.</p>${confusionTable(ra.confusion.classNames, delta, deltaCellColor, formatSignedCount)}`;
}

function disagreements(data: ComparisonData): string {
  if (!data.onlyA || !data.onlyB) return `<p class="muted">${escapeHtml(data.pairingError ?? 'The runs cannot be paired.')}</p>`;
  const classNames = data.a.dataset.classNames;
  return `<h3>A right, B wrong (${data.onlyA.total})</h3>${sampleFigures(data.onlyA.samples, classNames, (s) => `B predicted ${classNames[s.predictedLabel]}`)}
<h3>B right, A wrong (${data.onlyB.total})</h3>${sampleFigures(data.onlyB.samples, classNames, (s) => `A predicted ${classNames[s.predictedLabel]}`)}`;
}

export function comparisonSections(data: ComparisonData): Section[] {
  const { a, b } = data;
  const sections = [
    { id: 'significance', title: 'Is B better than A?', html: significance(data) },
    { id: 'hyperparameter-diff', title: 'Recipe differences', html: hyperparameterDiff(a, b) },
    { id: 'architecture-diff', title: 'Architecture differences', html: architectureDiff(a, b) },
    { id: 'curve-diff', title: 'Curves of both runs', html: curves(a, b) },
    { id: 'class-diff', title: 'Per-class recall and confusion differences', html: classDiffs(a, b) },
    { id: 'disagreements', title: 'Images the runs disagree on', html: disagreements(data) },
  ];
  return sections.map((s) => ({ ...s, html: section(s.id, s.title, s.html) }));
}
