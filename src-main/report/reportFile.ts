// One run's report, or two runs' comparison, as one self-contained HTML file:
// what the CLI's `report` writes, the run and compare pages download, and the
// desktop app prints to PDF.

import type { ReportFile } from '../../common/api/insightApi.js';
import { ApiError } from '../../common/api/contract.js';
import type { FilterEvolution } from '../../common/insight.js';
import type { RunDetail } from '../../common/runs.js';
import type { RunStore } from '../store/runStore.js';
import { comparisonSections, type ComparisonData } from './comparisonSections.js';
import { escapeHtml, page } from './html.js';
import { runSections, type RunReportData, type Section } from './runSections.js';

/** Mistakes pictured per run, and disagreements per side of a comparison. */
const MISCLASSIFIED_SHOWN = 40;
const DISAGREEMENTS_SHOWN = 20;

export interface ReportInputs {
  store: RunStore;
  runIds: number[];
  /** The filter filmstrip (from the insight worker); null when it cannot be had. */
  filterEvolution: (runId: number) => Promise<FilterEvolution | null>;
  /** The moment printed on the report (tests pin it). */
  now?: Date;
}

async function runData(inputs: ReportInputs, run: RunDetail): Promise<RunReportData> {
  const misclassified = run.results ? inputs.store.getMisclassified(run.id, { sort: 'confidence-desc', limit: MISCLASSIFIED_SHOWN }).samples : [];
  const filters = run.results?.firstLayerFilters ? await inputs.filterEvolution(run.id) : null;
  return { run, misclassified, filters };
}

function pairing(store: RunStore, a: RunDetail, b: RunDetail): ComparisonData {
  const unfinished = [a, b].find((run) => !run.results);
  if (unfinished) return { a, b, onlyA: null, onlyB: null, pairingError: `run #${unfinished.id} has no test results (${unfinished.status})` };
  if (a.dataset.id !== b.dataset.id || a.dataset.testCount !== b.dataset.testCount) {
    return { a, b, onlyA: null, onlyB: null, pairingError: `the runs were tested on different test sets (${a.dataset.name}, ${a.dataset.testCount} images vs ${b.dataset.name}, ${b.dataset.testCount})` };
  }
  const page = { sort: 'confidence-desc' as const, limit: DISAGREEMENTS_SHOWN };
  return { a, b, onlyA: store.getMisclassifiedOnlyBy(b.id, a.id, page), onlyB: store.getMisclassifiedOnlyBy(a.id, b.id, page), pairingError: null };
}

function fileNameOf(runs: RunDetail[]): string {
  return `${runs.length === 1 ? `run-${runs[0].id}` : `compare-${runs[0].id}-${runs[1].id}`}-report.html`;
}

/** Everything a report shows, read from the store: plain data, so it can be rendered in a worker. */
export interface ReportData {
  runs: RunReportData[];
  comparison: ComparisonData | null;
  /** "2026-01-02 03:04", UTC. */
  generated: string;
}

export async function gatherReport(inputs: ReportInputs): Promise<ReportData> {
  const { store, runIds } = inputs;
  if (runIds.length < 1 || runIds.length > 2) throw new ApiError('invalid-argument', `a report covers one run or compares two, not ${runIds.length}`);
  if (runIds.length === 2 && runIds[0] === runIds[1]) throw new ApiError('invalid-argument', `cannot compare run ${runIds[0]} with itself`);
  const runs = runIds.map((id) => store.getRun(id));
  const data: RunReportData[] = [];
  for (const run of runs) data.push(await runData(inputs, run));
  return {
    runs: data,
    comparison: runs.length === 2 ? pairing(store, runs[0], runs[1]) : null,
    generated: (inputs.now ?? new Date()).toISOString().replace('T', ' ').slice(0, 16),
  };
}

/** The HTML of gathered report data: pure, and the slow part (PNG encoding, the bootstrap), so the app runs it in a worker. */
export function renderReport(data: ReportData): ReportFile {
  const runs = data.runs.map((entry) => entry.run);
  let sections: Section[];
  let title: string;
  if (runs.length === 1) {
    title = `Run #${runs[0].id}: ${runs[0].name}`;
    sections = runSections(data.runs[0]);
  } else {
    const [a, b] = runs;
    title = `#${a.id} ${a.name} (A) vs #${b.id} ${b.name} (B)`;
    sections = [
      ...(data.comparison ? comparisonSections(data.comparison) : []),
      ...runSections(data.runs[0], 'a-', 'A: '),
      ...runSections(data.runs[1], 'b-', 'B: '),
    ];
  }
  const header = `<header><h1>${escapeHtml(title)}</h1><p class="muted">CNN Workbench report, generated ${escapeHtml(data.generated)} UTC. Charts are inline SVG and images are embedded: this file needs no network.</p><!--contents--></header>`;
  const html = page(title, sections, `${header}${sections.map((s) => s.html).join('\n')}`);
  return { fileName: fileNameOf(runs), html };
}

export async function buildReport(inputs: ReportInputs): Promise<ReportFile> {
  return renderReport(await gatherReport(inputs));
}
