// `cnn-workbench runs list | show ID | export ID --format csv|json | delete ID`.

import { writeFileSync } from 'node:fs';
import { EXPORT_FORMATS, exportRun } from '../store/exportRun.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { choiceOption, parseOptions, runIdArgument, stringOption, UsageError } from './options.js';
import { formatEpoch } from './progressLine.js';
import { confusionTable, perClassTable, runsTable } from './tables.js';

export const RUNS_HELP = `Usage: cnn-workbench runs <list|show|export|delete> [options]
  runs list [--search TEXT] [--json]
  runs show ID [--json]
  runs export ID --format csv|json [--out FILE]
  runs delete ID
Every command accepts --db PATH (default: CNN_WORKBENCH_DB or the user data folder).`;

const SUBCOMMANDS = ['list', 'show', 'export', 'delete'] as const;

export function runsCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
    throw new UsageError(`runs: expected one of ${SUBCOMMANDS.join(', ')}${sub ? `, got "${sub}"` : ''}`);
  }
  const { values, positionals } = parseOptions(
    rest,
    { db: { type: 'string' }, json: { type: 'boolean' }, search: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    `runs ${sub}`,
  );
  const format = choiceOption(values, 'format', EXPORT_FORMATS);
  if (sub === 'export' && !format) throw new UsageError('runs export: --format csv|json is required');
  if (sub === 'list' && positionals.length > 0) throw new UsageError(`runs list: unexpected argument "${positionals[0]}"`);
  const runId = sub === 'list' ? 0 : runIdArgument(positionals, `runs ${sub}`);

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
      case 'delete':
        store.deleteRun(runId);
        console.log(`deleted run ${runId}`);
        return 0;
    }
  } finally {
    store.close();
  }
  return 0;
}
