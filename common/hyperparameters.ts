// Validation of training settings, shared by the CLI, the API and the Train
// view so that every carrier rejects the same things with the same words.

import { CROP_PADDING_MODES, type AugmentationSettings, type Hyperparameters, type LearningRateSchedule, type OptimizerKind } from './runs.js';
import { hasMomentumBuffer } from './training/recipe.js';
import { describeValue } from './describeValue.js';

export interface HyperparameterIssue {
  field:
    | keyof Hyperparameters
    | 'schedule.stepEpochs'
    | 'schedule.gamma'
    | 'schedule.minLr'
    | 'schedule.warmupEpochs'
    | 'schedule.rampFraction'
    | 'schedule.startDivisor'
    | 'schedule.endDivisor'
    | 'augmentation.cropPadding'
    | 'augmentation.horizontalFlip'
    | 'augmentation.cutoutSize'
    | 'augmentation.alternatingFlip'
    | 'augmentation.cropPaddingMode'
    | 'testTimeShift';
  message: string;
}

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgdMomentum', 'sgd', 'adam', 'sgdPytorch'];
export const SCHEDULE_KINDS: readonly LearningRateSchedule['kind'][] = ['constant', 'step', 'cosine', 'warmupCosine', 'oneCycle'];
/** Larger pads or squares than this leave little of any image; the image-size check below is tighter. */
export const MAX_AUGMENTATION_PIXELS = 64;
/** airbench uses 64; far beyond that a shift's steps swamp everything else. */
export const MAX_SHIFT_LEARNING_RATE_FACTOR = 10000;

/** Numbers, strings and booleans as they are; anything else as JSON (String() throws on hostile JSON: see describeValue). */
function shown(value: unknown): string {
  return typeof value === 'object' && value !== null ? describeValue(value) : String(value);
}

/** The value that was given, for the end of a message; an empty field or a non-number is said so rather than printed as NaN. */
function got(value: unknown): string {
  if (value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isNaN(value))) return 'but it is empty or not a number';
  return `got ${shown(value)}`;
}

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

export function findHyperparameterIssues(h: Hyperparameters): HyperparameterIssue[] {
  const issues: HyperparameterIssue[] = [];
  const need = (ok: boolean, field: HyperparameterIssue['field'], message: string) => {
    if (!ok) issues.push({ field, message });
  };
  need(isInt(h.epochs, 1, 1000), 'epochs', `epochs must be an integer from 1 to 1000, ${got(h.epochs)}`);
  need(isInt(h.batchSize, 1, 4096), 'batchSize', `batch size must be an integer from 1 to 4096, ${got(h.batchSize)}`);
  need(isNum(h.learningRate, 0, 10) && h.learningRate > 0, 'learningRate', `learning rate must be a number above 0 and at most 10, ${got(h.learningRate)}`);
  need(OPTIMIZER_KINDS.includes(h.optimizer), 'optimizer', `optimizer must be one of ${OPTIMIZER_KINDS.join(', ')}, ${got(h.optimizer)}`);
  need(isNum(h.momentum, 0, 0.999999), 'momentum', `momentum must be a number from 0 to below 1, ${got(h.momentum)}`);
  need(isNum(h.weightDecay, 0, 1), 'weightDecay', `weight decay must be a number from 0 to 1, ${got(h.weightDecay)}`);
  need(isInt(h.seed, 0, 2 ** 32 - 1), 'seed', `seed must be an integer from 0 to 4294967295, ${got(h.seed)}`);
  need(isNum(h.valSplit, 0, 0.5), 'valSplit', `validation split must be a fraction from 0 to 0.5, ${got(h.valSplit)}`);
  need(h.trainLimit === null || isInt(h.trainLimit, 1, 1e9), 'trainLimit', `train limit must be a positive integer or empty, ${got(h.trainLimit)}`);
  need(h.testLimit === null || isInt(h.testLimit, 1, 1e9), 'testLimit', `test limit must be a positive integer or empty, ${got(h.testLimit)}`);
  need(isInt(h.workers, 1, 64), 'workers', `workers must be an integer from 1 to 64, ${got(h.workers)}`);
  issues.push(...scheduleIssues(h));
  issues.push(...recipeIssues(h));
  return issues;
}

function scheduleIssues(h: Hyperparameters): HyperparameterIssue[] {
  const issues: HyperparameterIssue[] = [];
  const need = (ok: boolean, field: HyperparameterIssue['field'], message: string) => {
    if (!ok) issues.push({ field, message });
  };
  const s = h.schedule;
  if (!s || !SCHEDULE_KINDS.includes(s.kind)) {
    issues.push({ field: 'schedule', message: `schedule must be one of ${SCHEDULE_KINDS.join(', ')}, ${got(s?.kind)}` });
  } else if (s.kind === 'step') {
    need(isInt(s.stepEpochs, 1, 1000), 'schedule.stepEpochs', `step decay every N epochs must be an integer from 1, ${got(s.stepEpochs)}`);
    need(isNum(s.gamma, 0, 1) && s.gamma > 0, 'schedule.gamma', `step decay factor must be above 0 and at most 1, ${got(s.gamma)}`);
  } else if (s.kind === 'cosine' || s.kind === 'warmupCosine') {
    // Compared with the learning rate only when that is valid itself: one wrong field flags one field.
    const learningRateValid = isNum(h.learningRate, 0, 10) && h.learningRate > 0;
    need(isNum(s.minLr, 0, 10) && (!learningRateValid || s.minLr <= h.learningRate), 'schedule.minLr', `cosine minimum learning rate must be from 0 to the learning rate, ${got(s.minLr)}`);
    if (s.kind === 'warmupCosine') {
      need(
        isNum(s.warmupEpochs, 0, 1000) && (!isInt(h.epochs, 1, 1000) || s.warmupEpochs < h.epochs),
        'schedule.warmupEpochs',
        `warm-up must be a number of epochs from 0 to below the ${shown(h.epochs)} epochs of the run, ${got(s.warmupEpochs)}`,
      );
    }
  } else if (s.kind === 'oneCycle') {
    need(isNum(s.rampFraction, 0, 1) && s.rampFraction > 0 && s.rampFraction < 1, 'schedule.rampFraction', `one-cycle rising share must be a fraction above 0 and below 1, ${got(s.rampFraction)}`);
    need(isNum(s.startDivisor, 1, 1e6), 'schedule.startDivisor', `one-cycle start divisor must be a number from 1 to 1000000 (start at lr ÷ it), ${got(s.startDivisor)}`);
    need(isNum(s.endDivisor, 1, 1e9), 'schedule.endDivisor', `one-cycle end divisor must be a number from 1 to 1000000000 (end at the start rate ÷ it), ${got(s.endDivisor)}`);
  }
  return issues;
}

/** The optional recipes: absent is fine (off), present must be well-formed. */
function recipeIssues(h: Hyperparameters): HyperparameterIssue[] {
  const issues: HyperparameterIssue[] = [];
  const need = (ok: boolean, field: HyperparameterIssue['field'], message: string) => {
    if (!ok) issues.push({ field, message });
  };
  const isBool = (v: unknown) => v === undefined || typeof v === 'boolean';
  need(isBool(h.nesterov), 'nesterov', `Nesterov must be true or false, ${got(h.nesterov)}`);
  need(
    h.nesterov !== true || hasMomentumBuffer(h.optimizer),
    'nesterov',
    `Nesterov momentum needs a momentum optimizer (sgdMomentum or sgdPytorch), not ${shown(h.optimizer)}`,
  );
  need(h.labelSmoothing === undefined || isNum(h.labelSmoothing, 0, 0.999999), 'labelSmoothing', `label smoothing must be a number from 0 to below 1, ${got(h.labelSmoothing)}`);
  need(h.emaDecay === undefined || isNum(h.emaDecay, 0, 0.999999), 'emaDecay', `weight-average decay must be a number from 0 (off) to below 1, ${got(h.emaDecay)}`);
  need(isBool(h.testTimeFlip), 'testTimeFlip', `test-time flip must be true or false, ${got(h.testTimeFlip)}`);
  need(
    h.testTimeShift === undefined || isInt(h.testTimeShift, 0, MAX_AUGMENTATION_PIXELS),
    'testTimeShift',
    `test-time shift must be an integer from 0 (off) to ${MAX_AUGMENTATION_PIXELS} pixels, ${got(h.testTimeShift)}`,
  );
  need(isBool(h.identityInit), 'identityInit', `identity initialisation must be true or false, ${got(h.identityInit)}`);
  need(isBool(h.freezeBatchNormScale), 'freezeBatchNormScale', `freezing batch norm's scale must be true or false, ${got(h.freezeBatchNormScale)}`);
  need(
    h.shiftLearningRateFactor === undefined || isNum(h.shiftLearningRateFactor, 0, MAX_SHIFT_LEARNING_RATE_FACTOR),
    'shiftLearningRateFactor',
    `shift learning-rate factor must be a number from 0 to ${MAX_SHIFT_LEARNING_RATE_FACTOR} (1: the learning rate itself), ${got(h.shiftLearningRateFactor)}`,
  );
  need(isBool(h.lookahead), 'lookahead', `Lookahead must be true or false, ${got(h.lookahead)}`);
  if (h.augmentation !== undefined) issues.push(...findAugmentationSettingIssues(h.augmentation));
  return issues;
}

/** An augmentation object as it arrives (from the API, a stored run): well-formed or not. */
export function findAugmentationSettingIssues(a: AugmentationSettings): HyperparameterIssue[] {
  if (typeof a !== 'object' || a === null) {
    return [{ field: 'augmentation', message: `augmentation must be an object with cropPadding, horizontalFlip and cutoutSize, ${got(a)}` }];
  }
  const issues: HyperparameterIssue[] = [];
  const need = (ok: boolean, field: HyperparameterIssue['field'], message: string) => {
    if (!ok) issues.push({ field, message });
  };
  const max = MAX_AUGMENTATION_PIXELS;
  need(isInt(a.cropPadding, 0, max), 'augmentation.cropPadding', `crop padding must be an integer from 0 (off) to ${max} pixels, ${got(a.cropPadding)}`);
  need(typeof a.horizontalFlip === 'boolean', 'augmentation.horizontalFlip', `horizontal flip must be true or false, ${got(a.horizontalFlip)}`);
  need(isInt(a.cutoutSize, 0, max), 'augmentation.cutoutSize', `cutout size must be an integer from 0 (off) to ${max} pixels, ${got(a.cutoutSize)}`);
  need(a.alternatingFlip === undefined || typeof a.alternatingFlip === 'boolean', 'augmentation.alternatingFlip', `alternating flip must be true or false, ${got(a.alternatingFlip)}`);
  need(
    a.cropPaddingMode === undefined || (CROP_PADDING_MODES as readonly unknown[]).includes(a.cropPaddingMode),
    'augmentation.cropPaddingMode',
    `crop padding mode must be one of ${CROP_PADDING_MODES.join(', ')}, ${got(a.cropPaddingMode)}`,
  );
  return issues;
}

/** What only the images' size decides: a crop padding, cutout square or test-time shift must be smaller than the image. */
export function findAugmentationIssues(
  augmentation: AugmentationSettings | undefined,
  image: { height: number; width: number },
  testTimeShift = 0,
): HyperparameterIssue[] {
  const side = Math.min(image.height, image.width);
  const issues: HyperparameterIssue[] = [];
  if (typeof testTimeShift === 'number' && testTimeShift >= side) {
    issues.push({ field: 'testTimeShift', message: `test-time shift ${testTimeShift} must be smaller than the ${image.height}×${image.width} images` });
  }
  if (!augmentation) return issues;
  if (augmentation.cropPadding >= side) {
    issues.push({ field: 'augmentation.cropPadding', message: `crop padding ${augmentation.cropPadding} must be smaller than the ${image.height}×${image.width} images` });
  }
  if (augmentation.cutoutSize >= side) {
    issues.push({ field: 'augmentation.cutoutSize', message: `cutout size ${augmentation.cutoutSize} must be smaller than the ${image.height}×${image.width} images` });
  }
  return issues;
}

/**
 * Mirroring changes what a digit or a letter means (a mirrored 2 is no 2), so
 * a flip on such a dataset is almost certainly a mistake: said, not refused.
 */
export function mirroringWarning(h: Hyperparameters, classNames: readonly string[]): string | null {
  const looksLikeDigits = classNames.length > 0 && classNames.every((name) => /^[0-9]$/.test(name.trim()));
  if (!looksLikeDigits) return null;
  const flips = [h.augmentation?.horizontalFlip ? 'horizontal-flip augmentation' : null, h.testTimeFlip ? 'test-time flip' : null].filter(Boolean);
  if (flips.length === 0) return null;
  return `${flips.join(' and ')} on digits: a mirrored digit is not the same digit, so this usually lowers accuracy`;
}
