// `cnn-workbench report RUN [RUN2] --out FILE.html`: one run's report, or two
// runs compared, as a self-contained HTML file (src-main/report/).

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInsightService } from '../insight/insightService.js';
import { DatasetCache } from '../runs/datasetCache.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { parseOptions, stringOption, UsageError } from './options.js';

export const REPORT_HELP = `Usage: cnn-workbench report RUN [RUN2] --out FILE.html [--db PATH] [--force]
Writes one run's report, or RUN (A) compared with RUN2 (B), as one HTML file
that opens offline: summary with a bootstrap interval on test accuracy,
parameter table with formulas, hyperparameters, curves (inline SVG),
per-class precision and recall, confusion matrix, misclassified images and
first-layer filters per epoch (embedded PNG); for two runs also McNemar's
test on the images they disagree on and every difference.
An existing FILE is kept unless --force is given.`;

function runIds(positionals: string[]): number[] {
  if (positionals.length === 0) throw new UsageError('report: missing the run id (see "cnn-workbench runs list")');
  if (positionals.length > 2) throw new UsageError(`report: one or two run ids, got ${positionals.length}`);
  return positionals.map((text) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`report: run id must be a positive integer, got "${text}"`);
    return Number(text);
  });
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { out: { type: 'string' }, db: { type: 'string' }, force: { type: 'boolean' } }, 'report');
  const ids = runIds(positionals);
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError('report: --out FILE.html is required');
  if (existsSync(out) && !values.force) throw new UsageError(`report: ${out} exists; choose another file or add --force to replace it`);
  const store = openSqliteRunStore(prepareDatabasePath({ dbOption: stringOption(values, 'db') }));
  const insight = createInsightService({ store, datasets: new DatasetCache() });
  try {
    const report = await insight.api.createReport({ runIds: ids });
    await writeFile(out, report.html);
    console.log(`report of ${ids.length === 1 ? `run ${ids[0]}` : `runs ${ids[0]} (A) and ${ids[1]} (B)`} written to ${out} (${Math.round(report.html.length / 1024)} KiB)`);
    return 0;
  } finally {
    await insight.close();
    store.close();
  }
}
