// `cnn-workbench export RUN --format onnx|pytorch --out DIR`: a stored run's
// network and weights for another engine (src-main/export/).

import { readFileSync } from 'node:fs';
import { loadDataset } from '../datasets/registry.js';
import { exportRunModel, MODEL_EXPORT_FORMATS } from '../export/exportRunModel.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { choiceOption, parseOptions, runIdArgument, stringOption, UsageError } from './options.js';

export const EXPORT_HELP = `Usage: cnn-workbench export RUN --format onnx|pytorch --out DIR [--db PATH] [--json]
  onnx     DIR/run-RUN.onnx: opset 13, input "pixels" [N, C, H, W] as byte/255 (the graph
           normalises them), outputs "logits" and "probabilities"; class names and the
           normalisation in its metadata
  pytorch  DIR becomes a PyTorch project: model.py, train.py (one machine, or torchrun with
           DistributedDataParallel), the weights, the run's data split and a README
Files already in DIR are never replaced: the export stops and names them.`;

export function appVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { format: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
    'export',
  );
  const runId = runIdArgument(positionals, 'export');
  const format = choiceOption(values, 'format', MODEL_EXPORT_FORMATS);
  if (!format) throw new UsageError('export: --format onnx|pytorch is required');
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError('export: --out DIR is required (the folder to write into)');
  const store = openSqliteRunStore(prepareDatabasePath({ dbOption: stringOption(values, 'db') }));
  try {
    const result = await exportRunModel(store, runId, format, out, {
      loadDataset: (id, limits) => loadDataset(id, { trainLimit: limits.trainLimit ?? undefined, testLimit: limits.testLimit ?? undefined }),
      version: appVersion(),
    });
    if (values.json) console.log(JSON.stringify(result));
    else console.log(`run ${runId} (${result.weightsAre}) exported for ${format}:\n${result.files.map((file) => `  ${file}`).join('\n')}`);
    return 0;
  } finally {
    store.close();
  }
}
