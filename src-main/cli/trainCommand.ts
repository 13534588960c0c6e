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
import {
  findAugmentationIssues,
  findHyperparameterIssues,
  MAX_AUGMENTATION_PIXELS,
  MAX_SHIFT_LEARNING_RATE_FACTOR,
  mirroringWarning,
  OPTIMIZER_KINDS,
  SCHEDULE_KINDS,
} from '../../common/hyperparameters.js';
import { CROP_PADDING_MODES, type Hyperparameters, type LearningRateSchedule, type OptimizerKind } from '../../common/runs.js';
import { recipeOf } from '../../common/training/recipe.js';
import { datasetIdForDataOption } from './dataOption.js';
import { openWorkbench } from './openWorkbench.js';
import { choiceOption, intOption, numberOption, parseOptions, stringOption, switchOption, UsageError, type OptionSpec, type Parsed } from './options.js';
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
  'warmup-epochs': { type: 'string' },
  'ramp-fraction': { type: 'string' },
  'start-divisor': { type: 'string' },
  'end-divisor': { type: 'string' },
  nesterov: { type: 'boolean' },
  'no-nesterov': { type: 'boolean' },
  'label-smoothing': { type: 'string' },
  'crop-padding': { type: 'string' },
  flip: { type: 'boolean' },
  'no-flip': { type: 'boolean' },
  cutout: { type: 'string' },
  'alternating-flip': { type: 'boolean' },
  'no-alternating-flip': { type: 'boolean' },
  'crop-padding-mode': { type: 'string' },
  ema: { type: 'string' },
  'test-time-flip': { type: 'boolean' },
  'no-test-time-flip': { type: 'boolean' },
  'test-time-shift': { type: 'string' },
  'identity-init': { type: 'boolean' },
  'no-identity-init': { type: 'boolean' },
  'freeze-bn-scale': { type: 'boolean' },
  'no-freeze-bn-scale': { type: 'boolean' },
  'shift-lr-factor': { type: 'string' },
  lookahead: { type: 'boolean' },
  'no-lookahead': { type: 'boolean' },
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
  --dataset ID         mnist, cifar10, idx:<folder>, cifar:<path>, images:<file> (default: the preset's)
  --data PATH          a folder of IDX files, a CIFAR-10 folder / .tar.gz, or a folder of pictures
                       (one sub-folder per class) or filename,label CSV, imported at the network's
                       input size (see "cnn-workbench datasets import" for the other settings)
Training (defaults: the preset's recipe):
  --epochs N --batch-size N --lr X --optimizer sgdMomentum|sgd|adam|sgdPytorch (adam is AdamW; adamw also works)
  --momentum X --weight-decay X --nesterov|--no-nesterov
  --schedule constant|step|cosine|warmupCosine|oneCycle
  --step-epochs N --gamma X (step)   --min-lr X (cosine, warmupCosine)
  --warmup-epochs X (warmupCosine)
  --ramp-fraction X --start-divisor X --end-divisor X (oneCycle)
  --label-smoothing X --ema DECAY (0: off) --test-time-flip|--no-test-time-flip
  --test-time-shift N  the test also averages the images moved N pixels diagonally (0: off)
  --seed N --val-split X --train-limit N --test-limit N --workers N
airbench's recipes (defaults: off):
  --identity-init|--no-identity-init  convolutions start with their first filters as the identity
  --freeze-bn-scale|--no-freeze-bn-scale  batch norm's scale stays 1
  --shift-lr-factor X  batch norm's shift steps at X times the learning rate (default 1; airbench: 64)
  --lookahead|--no-lookahead  every 5 steps the weights move to a slow average of themselves
Augmentation of training images (0: off):
  --crop-padding N --flip|--no-flip --cutout N
  --crop-padding-mode black|reflect   what the crop's padding shows (default black)
  --alternating-flip|--no-alternating-flip  with --flip, mirror each image in every other epoch
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
      datasetId = await datasetIdForDataOption(dataPath, architecture, stringOption(values, 'db'));
    } catch (error) {
      throw new UsageError(`--data ${(error as Error).message}`);
    }
  }
  if (archFile && !datasetOption && !dataPath) datasetId = architecture.input.channels === 3 ? 'cifar10' : 'mnist';

  const recipe = preset.recipe;
  const extras = recipeOf(recipe);
  const learningRate = numberOption(values, 'lr', 1e-9, 10) ?? recipe.learningRate;
  const schedule = scheduleFromOptions(values, recipe.schedule, learningRate);
  const hyperparameters: Hyperparameters = {
    epochs: intOption(values, 'epochs', 1, 1000) ?? recipe.epochs,
    batchSize: intOption(values, 'batch-size', 1, 4096) ?? recipe.batchSize,
    learningRate,
    // adam is AdamW already (decoupled weight decay), so the name people type for it is accepted too.
    optimizer: toOptimizerKind(choiceOption(values, 'optimizer', [...OPTIMIZER_KINDS, 'adamw'])) ?? recipe.optimizer,
    momentum: numberOption(values, 'momentum', 0, 0.999999) ?? recipe.momentum,
    weightDecay: numberOption(values, 'weight-decay', 0, 1) ?? recipe.weightDecay,
    schedule,
    seed: intOption(values, 'seed', 0, 2 ** 32 - 1) ?? recipe.seed,
    valSplit: numberOption(values, 'val-split', 0, 0.5) ?? recipe.valSplit,
    trainLimit: intOption(values, 'train-limit', 1, 1e9) ?? recipe.trainLimit,
    testLimit: intOption(values, 'test-limit', 1, 1e9) ?? recipe.testLimit,
    // The pool is sized to this machine's cores unless told otherwise; results do not depend on it.
    workers: intOption(values, 'workers', 1, 64) ?? Math.min(availableParallelism(), 16),
    nesterov: switchOption(values, 'nesterov') ?? extras.nesterov,
    labelSmoothing: numberOption(values, 'label-smoothing', 0, 0.999999) ?? extras.labelSmoothing,
    augmentation: {
      cropPadding: intOption(values, 'crop-padding', 0, MAX_AUGMENTATION_PIXELS) ?? extras.augmentation.cropPadding,
      horizontalFlip: switchOption(values, 'flip') ?? extras.augmentation.horizontalFlip,
      cutoutSize: intOption(values, 'cutout', 0, MAX_AUGMENTATION_PIXELS) ?? extras.augmentation.cutoutSize,
      alternatingFlip: switchOption(values, 'alternating-flip') ?? extras.augmentation.alternatingFlip,
      cropPaddingMode: choiceOption(values, 'crop-padding-mode', CROP_PADDING_MODES) ?? extras.augmentation.cropPaddingMode,
    },
    emaDecay: numberOption(values, 'ema', 0, 0.999999) ?? extras.emaDecay,
    testTimeFlip: switchOption(values, 'test-time-flip') ?? extras.testTimeFlip,
    testTimeShift: intOption(values, 'test-time-shift', 0, MAX_AUGMENTATION_PIXELS) ?? extras.testTimeShift,
    identityInit: switchOption(values, 'identity-init') ?? extras.identityInit,
    freezeBatchNormScale: switchOption(values, 'freeze-bn-scale') ?? extras.freezeBatchNormScale,
    shiftLearningRateFactor: numberOption(values, 'shift-lr-factor', 0, MAX_SHIFT_LEARNING_RATE_FACTOR) ?? extras.shiftLearningRateFactor,
    lookahead: switchOption(values, 'lookahead') ?? extras.lookahead,
  };
  const issue = [...findHyperparameterIssues(hyperparameters), ...findAugmentationIssues(hyperparameters.augmentation, architecture.input, hyperparameters.testTimeShift)][0];
  if (issue) throw new UsageError(`train: ${issue.message}`);
  return { architecture, datasetId, hyperparameters };
}

function toOptimizerKind(given: OptimizerKind | 'adamw' | undefined): OptimizerKind | undefined {
  return given === 'adamw' ? 'adam' : given;
}

/** The preset's schedule unless --schedule or one of its fields says otherwise. */
function scheduleFromOptions(values: Parsed['values'], preset: LearningRateSchedule, learningRate: number): LearningRateSchedule {
  const kind = choiceOption(values, 'schedule', SCHEDULE_KINDS) ?? preset.kind;
  const given: Partial<Record<string, number>> = preset.kind === kind ? (preset as unknown as Record<string, number>) : {};
  // The preset's floor carries over between the two cosine schedules.
  const presetMinLr = Math.min(learningRate, 'minLr' in preset ? preset.minLr : 0);
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, stepEpochs: intOption(values, 'step-epochs', 1, 1000) ?? given.stepEpochs ?? 1, gamma: numberOption(values, 'gamma', 1e-9, 1) ?? given.gamma ?? 0.5 };
    case 'cosine':
      return { kind, minLr: numberOption(values, 'min-lr', 0, 10) ?? presetMinLr };
    case 'warmupCosine':
      return {
        kind,
        warmupEpochs: numberOption(values, 'warmup-epochs', 0, 1000) ?? given.warmupEpochs ?? 1,
        minLr: numberOption(values, 'min-lr', 0, 10) ?? presetMinLr,
      };
    case 'oneCycle':
      // PyTorch's OneCycleLR defaults.
      return {
        kind,
        rampFraction: numberOption(values, 'ramp-fraction', 1e-9, 0.999999) ?? given.rampFraction ?? 0.3,
        startDivisor: numberOption(values, 'start-divisor', 1, 1e6) ?? given.startDivisor ?? 25,
        endDivisor: numberOption(values, 'end-divisor', 1, 1e9) ?? given.endDivisor ?? 1e4,
      };
  }
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
  if (!architecture) {
    await workbench.close();
    throw new UsageError(`run ${continueId} was imported from elsewhere and its file does not describe the network: it cannot be continued here`);
  }
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
    const warning = plan && mirroringWarning(plan.hyperparameters, started.dataset.classNames);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
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
