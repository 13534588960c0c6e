// `cnn-workbench train`: the main job. Trains with a live progress line,
// stores the run, prints the report's tables; with --json the last line of
// stdout is one JSON object.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { analyzeArchitecture, describeArchitectureErrors } from '../../common/arch/analyze.js';
import { findPreset, PRESETS } from '../../common/arch/presets.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { parseArchitectureJson } from '../../common/arch/validate.js';
import type { RunProgressEvent } from '../../common/api/contract.js';
import type { Hyperparameters, LearningRateSchedule, OptimizerKind } from '../../common/runs.js';
import { datasetIdForPath } from '../datasets/registry.js';
import { openWorkbench } from './openWorkbench.js';
import { choiceOption, intOption, numberOption, parseOptions, stringOption, UsageError, type OptionSpec } from './options.js';
import { ProgressLine } from './progressLine.js';
import { confusionTable, parameterTable, perClassTable } from './tables.js';

export const TRAIN_OPTIONS: OptionSpec = {
  preset: { type: 'string' },
  arch: { type: 'string' },
  dataset: { type: 'string' },
  data: { type: 'string' },
  name: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  momentum: { type: 'string' },
  'weight-decay': { type: 'string' },
  schedule: { type: 'string' },
  'step-epochs': { type: 'string' },
  gamma: { type: 'string' },
  'min-lr': { type: 'string' },
  seed: { type: 'string' },
  'val-split': { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  workers: { type: 'string' },
  continue: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
};

export const TRAIN_HELP = `Usage: cnn-workbench train [options]

Architecture (one of):
  --preset ID          ${PRESETS.map((p) => p.id).join(', ')} (default mnist-baseline)
  --arch FILE.json     an architecture saved from the editor
Data:
  --dataset ID         mnist, cifar10, idx:<folder>, cifar:<path> (default: the preset's)
  --data PATH          a folder of IDX files or a CIFAR-10 folder / .tar.gz
Training (defaults: the preset's recipe):
  --epochs N --batch-size N --lr X --optimizer sgdMomentum|sgd|adam
  --momentum X --weight-decay X --schedule constant|step|cosine
  --step-epochs N --gamma X (step)   --min-lr X (cosine)
  --seed N --val-split X --train-limit N --test-limit N --workers N
Output:
  --name TEXT --db PATH --json
Continue a stopped or interrupted run from its last epoch checkpoint:
  --continue RUN_ID   (with --db and --json only)`;

interface TrainPlan {
  architecture: ArchitectureSpec;
  datasetId: string;
  hyperparameters: Hyperparameters;
}

async function planFromOptions(values: Record<string, string | boolean | undefined>): Promise<TrainPlan> {
  const presetId = stringOption(values, 'preset');
  const archFile = stringOption(values, 'arch');
  if (presetId && archFile) throw new UsageError('train: give --preset or --arch, not both');
  const preset = findPreset(presetId ?? 'mnist-baseline');
  if (!preset) throw new UsageError(`--preset must be one of ${PRESETS.map((p) => p.id).join(', ')}, got "${presetId}"`);
  let architecture = structuredClone(preset.architecture);
  if (archFile) {
    let text: string;
    try {
      text = readFileSync(archFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--arch ${archFile}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      architecture = parseArchitectureJson(text, archFile);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }

  const datasetOption = stringOption(values, 'dataset');
  const dataPath = stringOption(values, 'data');
  if (datasetOption && dataPath) throw new UsageError('train: give --dataset or --data, not both');
  let datasetId = datasetOption ?? preset.datasetId;
  if (dataPath) {
    try {
      datasetId = await datasetIdForPath(dataPath);
    } catch (error) {
      throw new UsageError(`--data ${(error as Error).message}`);
    }
  }
  if (archFile && !datasetOption && !dataPath) datasetId = architecture.input.channels === 3 ? 'cifar10' : 'mnist';

  const recipe = preset.recipe;
  const kind = choiceOption(values, 'schedule', ['constant', 'step', 'cosine'] as const) ?? recipe.schedule.kind;
  const learningRate = numberOption(values, 'lr', 1e-9, 10) ?? recipe.learningRate;
  const schedule: LearningRateSchedule =
    kind === 'constant'
      ? { kind }
      : kind === 'step'
        ? { kind, stepEpochs: intOption(values, 'step-epochs', 1, 1000) ?? 1, gamma: numberOption(values, 'gamma', 1e-9, 1) ?? 0.5 }
        : {
            kind,
            minLr: numberOption(values, 'min-lr', 0, 10) ?? Math.min(learningRate, recipe.schedule.kind === 'cosine' ? recipe.schedule.minLr : 0),
          };
  const hyperparameters: Hyperparameters = {
    epochs: intOption(values, 'epochs', 1, 1000) ?? recipe.epochs,
    batchSize: intOption(values, 'batch-size', 1, 4096) ?? recipe.batchSize,
    learningRate,
    optimizer: choiceOption<OptimizerKind>(values, 'optimizer', ['sgdMomentum', 'sgd', 'adam']) ?? recipe.optimizer,
    momentum: numberOption(values, 'momentum', 0, 0.999999) ?? recipe.momentum,
    weightDecay: numberOption(values, 'weight-decay', 0, 1) ?? recipe.weightDecay,
    schedule,
    seed: intOption(values, 'seed', 0, 2 ** 32 - 1) ?? recipe.seed,
    valSplit: numberOption(values, 'val-split', 0, 0.5) ?? recipe.valSplit,
    trainLimit: intOption(values, 'train-limit', 1, 1e9) ?? recipe.trainLimit,
    testLimit: intOption(values, 'test-limit', 1, 1e9) ?? recipe.testLimit,
    // The pool is sized to this machine's cores unless told otherwise; results do not depend on it.
    workers: intOption(values, 'workers', 1, 64) ?? Math.min(availableParallelism(), 16),
  };
  return { architecture, datasetId, hyperparameters };
}

export async function trainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, TRAIN_OPTIONS, 'train');
  if (positionals.length > 0) throw new UsageError(`train: unexpected argument "${positionals[0]}"`);
  const continueId = intOption(values, 'continue', 1, 2 ** 31);
  const extra = Object.keys(values).filter((key) => !['continue', 'db', 'json'].includes(key));
  if (continueId !== undefined && extra.length > 0) {
    throw new UsageError(`train --continue takes the run's own settings: --${extra[0]} cannot be changed`);
  }
  const plan = continueId === undefined ? await planFromOptions(values) : null;
  const json = values.json === true;
  const out = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);

  const workbench = openWorkbench(stringOption(values, 'db'));
  const architecture = plan?.architecture ?? workbench.store.getRun(continueId as number).architecture;
  const analysis = analyzeArchitecture(architecture);
  if (!analysis.valid) {
    await workbench.close();
    throw new UsageError(`${stringOption(values, 'arch') ?? 'architecture'}: ${describeArchitectureErrors(architecture, analysis.errors)}`);
  }
  out(`${architecture.name}: ${analysis.totalParams.toLocaleString('en-US')} parameters`);
  out(parameterTable(architecture, analysis));
  out('');

  const progress = new ProgressLine(process.stderr);
  let runId = -1;
  const unsubscribe = workbench.runs.on('progress', (event: RunProgressEvent) => {
    if (event.runId === runId) progress.update(event);
  });
  const unsubscribeEpochs = workbench.runs.on('epoch', (event) => {
    if (event.runId === runId) progress.epochDone(event.metrics);
  });
  const onSignal = () => {
    if (runId >= 0 && workbench.runs.isActive(runId)) {
      progress.note('stopping after this batch (Ctrl+C again to abort)…');
      workbench.runs.stop(runId);
      process.once('SIGINT', () => process.exit(130));
    }
  };
  process.once('SIGINT', onSignal);
  try {
    const started = plan ? await workbench.runs.start({ name: stringOption(values, 'name'), ...plan }) : await workbench.runs.continueRun(continueId as number);
    runId = started.id;
    out(`run ${runId} "${started.name}" on ${started.dataset.name}: ${started.dataset.trainCount} training, ${started.dataset.valCount} validation, ${started.dataset.testCount} test images; database ${workbench.databasePath}`);
    const final = await workbench.runs.waitFor(runId);
    progress.finish();
    if (final.status !== 'completed') {
      out(`run ${runId} ${final.status}${final.error ? `: ${final.error}` : ''}`);
      return final.status === 'stopped' ? 130 : 1;
    }
    const detail = workbench.store.getRun(runId);
    const results = detail.results;
    if (!results) throw new Error(`run ${runId} completed without results`);
    out(`\ntest accuracy ${(100 * results.testAccuracy).toFixed(2)}%  (loss ${results.testLoss.toFixed(4)})\n`);
    out(perClassTable(results.perClass));
    out('');
    out(confusionTable(results.confusion));
    const seconds = detail.durationMs / 1000;
    const trainedImages = detail.epochs.length * detail.dataset.trainCount;
    const trainingSeconds = detail.epochs.reduce((sum, e) => sum + detail.dataset.trainCount / e.imagesPerSecond, 0);
    out(`\n${detail.epochs.length} epochs in ${seconds.toFixed(1)} s`);
    if (json) {
      process.stdout.write(
        `${JSON.stringify({
          runId,
          name: detail.name,
          status: detail.status,
          testAccuracy: results.testAccuracy,
          testLoss: results.testLoss,
          perClass: results.perClass.map((c) => ({ label: c.label, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support })),
          confusion: results.confusion,
          epochs: detail.epochs.map((e) => ({
            epoch: e.epoch,
            trainLoss: e.trainLoss,
            trainAccuracy: e.trainAccuracy,
            valLoss: e.valLoss,
            valAccuracy: e.valAccuracy,
            learningRate: e.learningRate,
            durationMs: e.durationMs,
          })),
          imagesPerSecond: trainingSeconds > 0 ? trainedImages / trainingSeconds : 0,
          durationMs: detail.durationMs,
          paramCount: detail.paramCount,
        })}\n`,
      );
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    unsubscribe();
    unsubscribeEpochs();
    await workbench.close();
  }
}
