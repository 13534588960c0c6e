// `cnn-workbench import-onnx FILE.onnx`: an ONNX model's network as an
// architecture JSON for the editor (--out, else stdout) and, with --dataset,
// a run: the model tested here on that dataset and stored as an external run.

import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadDataset } from '../datasets/registry.js';
import { evaluateImportedModel } from '../export/onnx/evaluateImported.js';
import { importOnnxFile } from '../export/onnx/importOnnx.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { openSqliteRunStore } from '../store/sqliteRunStore.js';
import { intOption, parseOptions, stringOption, UsageError } from './options.js';

export const IMPORT_ONNX_HELP = `Usage: cnn-workbench import-onnx FILE.onnx [--out ARCH.json] [--dataset ID [--test-limit N] [--name TEXT]] [--db PATH] [--json]
Reads a sequential ONNX model (Conv, BatchNormalization, Relu, LeakyRelu, MaxPool, AveragePool,
GlobalAveragePool, Dropout, Flatten, Reshape, Gemm or MatMul + Add, after an optional per-channel
Sub/Div normalisation of the input, ending in the logits or a Softmax). Writes its architecture
to ARCH.json (open it in the editor), or prints it. With --dataset, also tests the model on that
dataset's test images and stores the result as an external run.`;

export async function importOnnxCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { out: { type: 'string' }, dataset: { type: 'string' }, 'test-limit': { type: 'string' }, name: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
    'import-onnx',
  );
  if (positionals.length !== 1) throw new UsageError('import-onnx: give one .onnx file');
  const datasetId = stringOption(values, 'dataset');
  const testLimit = intOption(values, 'test-limit', 1, 10_000_000);
  if (!datasetId && (testLimit !== undefined || values.name !== undefined)) throw new UsageError('import-onnx: --test-limit and --name go with --dataset');
  const file = resolve(positionals[0]);
  const model = importOnnxFile(file);
  const out = stringOption(values, 'out');
  const architectureJson = JSON.stringify(model.architecture, null, 2) + '\n';
  if (out) {
    if (existsSync(out)) throw new UsageError(`import-onnx: ${resolve(out)} already exists; choose another --out`);
    writeFileSync(out, architectureJson, { flag: 'wx' });
  }
  let run = null;
  if (datasetId) {
    const store = openSqliteRunStore(prepareDatabasePath({ dbOption: stringOption(values, 'db') }));
    try {
      run = await evaluateImportedModel(store, model, {
        datasetId,
        testLimit,
        name: stringOption(values, 'name') ?? `${model.architecture.name} (ONNX, ${basename(file)})`,
        sourceFile: file,
        loadDataset: (id, limits) => loadDataset(id, { trainLimit: limits.trainLimit ?? undefined, testLimit: limits.testLimit ?? undefined }),
      });
    } finally {
      store.close();
    }
  }
  if (values.json) {
    console.log(JSON.stringify({ architecture: model.architecture, normalization: model.normalization, classNames: model.classNames, run }));
    return 0;
  }
  if (!out) process.stdout.write(architectureJson);
  const report = out ? console.log : console.error;
  report(`${basename(file)}: ${model.architecture.layers.length} layers${out ? `, architecture written to ${resolve(out)}` : ''}`);
  if (run) report(`run ${run.id} "${run.name}": test accuracy ${((run.testAccuracy ?? 0) * 100).toFixed(2)}% on ${run.dataset.testCount} images`);
  return 0;
}
