// Plain-text tables for the terminal: the parameter table, the report's
// per-class precision/recall table and the confusion matrix with class names.

import type { ArchitectureAnalysis } from '../../common/arch/analyze.js';
import { formatShape, type ArchitectureSpec } from '../../common/arch/spec.js';
import type { ConfusionMatrix, PerClassMetrics, RunSummary } from '../../common/runs.js';
import { classReportAverages } from '../../common/viz/classReport.js';

type Align = 'left' | 'right';

export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const cell = (text: string, c: number) => (align[c] === 'right' ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const line = (cells: string[]) => cells.map(cell).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const count = (n: number) => n.toLocaleString('en-US');
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

export function parameterTable(spec: ArchitectureSpec, analysis: ArchitectureAnalysis): string {
  const rows = analysis.layers.map((layer) => {
    const spec_ = spec.layers[layer.index];
    const detail =
      spec_.type === 'conv2d'
        ? `${spec_.kernelSize}×${spec_.kernelSize}×${spec_.filters} s${spec_.stride ?? 1} p${spec_.padding ?? 0}`
        : spec_.type === 'maxPool2d'
          ? `${spec_.size}×${spec_.size} s${spec_.stride ?? spec_.size}`
          : spec_.type === 'dense'
            ? `${spec_.units}`
            : spec_.type === 'dropout'
              ? `${spec_.rate}`
              : '';
    return [
      String(layer.index + 1),
      `${layer.type} ${detail}`.trim(),
      formatShape(layer.outShape),
      layer.formula || '–',
      count(layer.params),
      count(layer.flops),
    ];
  });
  rows.push(['', 'total', '', '', count(analysis.totalParams), count(analysis.totalFlops)]);
  return renderTable(['#', 'layer', 'output', 'parameters formula', 'parameters', 'FLOPs/image'], rows, [
    'right',
    'left',
    'left',
    'left',
    'right',
    'right',
  ]);
}

export function perClassTable(rows: PerClassMetrics[]): string {
  const body = rows.map((r) => [r.label, percent(r.precision), percent(r.recall), percent(r.f1), String(r.support)]);
  // The report's table ends with the plain mean over classes.
  const [macro] = classReportAverages(rows);
  body.push(['average', percent(macro.precision), percent(macro.recall), percent(macro.f1), String(macro.support)]);
  return renderTable(['class', 'precision', 'recall', 'F1', 'support'], body, ['left', 'right', 'right', 'right', 'right']);
}

export function confusionTable(confusion: ConfusionMatrix): string {
  const names = confusion.classNames.map((n) => n.slice(0, 10));
  const rows = confusion.counts.map((row, i) => [names[i], ...row.map(String)]);
  return (
    'rows: true class, columns: predicted class\n' +
    renderTable(['true \\ predicted', ...names], rows, ['left', ...names.map((): Align => 'right')])
  );
}

export function runsTable(runs: RunSummary[]): string {
  const rows = runs.map((r) => [
    String(r.id),
    r.name,
    r.status,
    r.dataset.name,
    r.testAccuracy === null ? '–' : percent(r.testAccuracy),
    count(r.paramCount),
    `${r.epochsCompleted}/${r.epochsPlanned}`,
    `${(r.durationMs / 1000).toFixed(1)}s`,
    r.createdAt.replace('T', ' ').slice(0, 19),
    r.tags.join(','),
  ]);
  return renderTable(['id', 'name', 'status', 'dataset', 'test acc', 'params', 'epochs', 'duration', 'created', 'tags'], rows, [
    'right',
    'left',
    'left',
    'left',
    'right',
    'right',
    'right',
    'right',
    'left',
    'left',
  ]);
}
