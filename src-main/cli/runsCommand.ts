// `cnn-workbench runs list | show ID | export ID --format csv|json | import FILE | delete ID | compact`.

import { writeFileSync } from 'node:fs';
import { loadDataset } from '../datasets/registry.js';
import { importRunFile } from '../export/runImport/importRunFile.js';
import type { RunSummary } from '../../common/runs.js';
import { EXPORT_FORMATS, exportRun } from '../store/exportRun.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { choiceOption, parseOptions, runIdArgument, stringOption, UsageError } from './options.js';
import { formatEpoch } from './progressLine.js';
import { confusionTable, perClassTable, runsTable } from './tables.js';

export const RUNS_HELP = `Usage: cnn-workbench runs <list|show|export|import|delete> [options]
  runs list [--search TEXT] [--json]
  runs show ID [--json]
  runs export ID --format csv|json [--out FILE]
  runs import FILE [--name TEXT] [--json]   a run trained elsewhere: the metrics.jsonl of an exported
                                            PyTorch folder, or any CSV / JSON lines with epoch, loss
                                            and accuracy columns
  runs delete ID
  runs compact                              rewrite the database without the space deleted runs left
Every command accepts --db PATH (default: CNN_WORKBENCH_DB or the user data folder).`;

const SUBCOMMANDS = ['list', 'show', 'export', 'import', 'delete', 'compact'] as const;

/** How to go on with a run that ended early, when it can. */
function continueHint(run: RunSummary): string | null {
  if (!['stopped', 'interrupted', 'failed'].includes(run.status) || run.external) return null;
  if (run.epochsCompleted === 0 || run.epochsCompleted >= run.epochsPlanned) return null;
  return `continue from epoch ${run.epochsCompleted}: cnn-workbench train --continue ${run.id}`;
}

export async function runsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
    throw new UsageError(`runs: expected one of ${SUBCOMMANDS.join(', ')}${sub ? `, got "${sub}"` : ''}`);
  }
  const { values, positionals } = parseOptions(
    rest,
    { db: { type: 'string' }, json: { type: 'boolean' }, search: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' } },
    `runs ${sub}`,
  );
  const format = choiceOption(values, 'format', EXPORT_FORMATS);
  if (sub === 'export' && !format) throw new UsageError('runs export: --format csv|json is required');
  if (sub === 'list' && positionals.length > 0) throw new UsageError(`runs list: unexpected argument "${positionals[0]}"`);
  if (sub === 'import' && positionals.length !== 1) throw new UsageError('runs import: give one file (metrics.jsonl, a CSV or JSON lines of per-epoch metrics)');
  if (sub === 'compact' && positionals.length > 0) throw new UsageError(`runs compact: unexpected argument "${positionals[0]}"`);
  const runId = sub === 'list' || sub === 'import' || sub === 'compact' ? 0 : runIdArgument(positionals, `runs ${sub}`);

  const store = openSqliteRunStore(prepareDatabasePath({ dbOption: stringOption(values, 'db') }));
  try {
    switch (sub) {
      case 'list': {
        const runs = store.listRuns({ search: stringOption(values, 'search') });
        console.log(values.json ? JSON.stringify(runs) : runs.length === 0 ? 'no runs yet: try "cnn-workbench train"' : runsTable(runs));
        return 0;
      }
      case 'show': {
        const run = store.getRun(runId);
        if (values.json) {
          console.log(JSON.stringify(run));
          return 0;
        }
        console.log(runsTable([run]));
        if (run.error) console.log(`\n${run.status}: ${run.error}`);
        const next = continueHint(run);
        if (next) console.log(next);
        console.log('');
        for (const epoch of run.epochs) console.log(formatEpoch(epoch));
        if (run.results) {
          console.log(`\ntest accuracy ${(100 * run.results.testAccuracy).toFixed(2)}%\n`);
          console.log(perClassTable(run.results.perClass));
          console.log('');
          console.log(confusionTable(run.results.confusion));
        }
        return 0;
      }
      case 'export': {
        const text = exportRun(store, runId, format ?? 'json');
        const out = stringOption(values, 'out');
        if (out) writeFileSync(out, text);
        else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        return 0;
      }
      case 'import': {
        const { run, notes } = await importRunFile(store, positionals[0], {
          name: stringOption(values, 'name'),
          loadDataset: (id, limits) => loadDataset(id, { trainLimit: limits.trainLimit ?? undefined, testLimit: limits.testLimit ?? undefined }),
        });
        if (values.json) console.log(JSON.stringify({ run, notes }));
        else console.log([`imported run ${run.id} "${run.name}" (external, ${run.epochsCompleted} epochs)`, ...notes.map((note) => `  note: ${note}`)].join('\n'));
        return 0;
      }
      case 'delete':
        store.deleteRun(runId);
        console.log(`deleted run ${runId}`);
        return 0;
      case 'compact': {
        const { bytesBefore, bytesAfter } = store.compact();
        const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
        console.log(`compacted the database from ${mb(bytesBefore)} to ${mb(bytesAfter)}`);
        return 0;
      }
    }
  } finally {
    store.close();
  }
  return 0;
}
