// A sweep: one base run and axes of values to vary, expanded into the runs it
// queues. Grid takes every combination; random draws `count` of them from a
// seeded stream, so the same sweep request always queues the same runs.

import type { StartRunRequest } from './api/contract.js';
import { LAYER_DEFINITIONS } from './arch/layerRegistry.js';
import type { LearningRateSchedule } from './runs.js';
import { SeededRandom } from './random.js';

export const SWEPT_HYPERPARAMETERS = ['learningRate', 'batchSize', 'weightDecay', 'momentum', 'seed'] as const;
export type SweptHyperparameter = (typeof SWEPT_HYPERPARAMETERS)[number];

export type SweepTarget =
  | { kind: 'hyperparameter'; name: SweptHyperparameter }
  /** Values are schedule kinds ('constant', 'cosine', …) with their usual settings. */
  | { kind: 'schedule' }
  /** Any numeric field of one layer, by its position in the network. */
  | { kind: 'layer'; layerIndex: number; field: string };

export interface SweepAxis {
  target: SweepTarget;
  /** Grid: every value. Random: one of them per run. */
  values: (number | string)[];
}

export interface SweepRequest {
  base: StartRunRequest;
  mode: 'grid' | 'random';
  axes: SweepAxis[];
  /** Random only: how many runs to draw (distinct combinations). */
  count?: number;
  /** Random only: the seed of the draw. */
  seed?: number;
}

/** Enough for a real search on two cores; more would queue days of training. */
export const MAX_SWEEP_RUNS = 64;

export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

const HYPERPARAMETER_LABELS: Record<SweptHyperparameter, string> = {
  learningRate: 'learning rate',
  batchSize: 'batch size',
  weightDecay: 'weight decay',
  momentum: 'momentum',
  seed: 'seed',
};

const SHORT_NAMES: Record<SweptHyperparameter, string> = { learningRate: 'lr', batchSize: 'batch', weightDecay: 'wd', momentum: 'mom', seed: 'seed' };

export function describeTarget(target: SweepTarget, base?: StartRunRequest): string {
  if (target.kind === 'hyperparameter') return HYPERPARAMETER_LABELS[target.name] ?? String(target.name);
  if (target.kind === 'schedule') return 'schedule';
  const type = base?.architecture.layers[target.layerIndex]?.type;
  return `layer ${target.layerIndex + 1}${type ? ` (${type})` : ''} ${target.field}`;
}

function shortName(target: SweepTarget): string {
  if (target.kind === 'hyperparameter') return SHORT_NAMES[target.name];
  if (target.kind === 'schedule') return 'schedule';
  return `L${target.layerIndex + 1}.${target.field}`;
}

function scheduleFor(kind: string, learningRate: number, epochs: number): LearningRateSchedule {
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, stepEpochs: Math.max(1, Math.floor(epochs / 3)), gamma: 0.5 };
    case 'cosine':
      return { kind, minLr: Math.min(0.001, learningRate) };
    case 'warmupCosine':
      return { kind, warmupEpochs: Math.min(1, epochs / 2), minLr: Math.min(0.001, learningRate) };
    case 'oneCycle':
      return { kind, rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 };
    default:
      throw new SweepError(`"${kind}" is not a schedule: use constant, step, cosine, warmupCosine or oneCycle`);
  }
}

function checkAxis(axis: SweepAxis, base: StartRunRequest): void {
  const what = describeTarget(axis.target, base);
  if (!Array.isArray(axis.values) || axis.values.length === 0) throw new SweepError(`Give at least one value for ${what}.`);
  const target = axis.target;
  if (target.kind === 'schedule') {
    for (const value of axis.values) scheduleFor(String(value), base.hyperparameters.learningRate, base.hyperparameters.epochs);
    return;
  }
  for (const value of axis.values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new SweepError(`Every value for ${what} must be a number; "${String(value)}" is not.`);
  }
  if (target.kind === 'hyperparameter') {
    if (!SWEPT_HYPERPARAMETERS.includes(target.name)) throw new SweepError(`${String(target.name)} cannot be swept: choose one of ${SWEPT_HYPERPARAMETERS.join(', ')}.`);
    return;
  }
  const layer = base.architecture.layers[target.layerIndex];
  if (!layer) throw new SweepError(`The network has no layer ${target.layerIndex + 1}: pick a layer of the network.`);
  const field = LAYER_DEFINITIONS[layer.type]?.fields.find((f) => f.name === target.field);
  if (!field) throw new SweepError(`A ${layer.type} layer has no numeric field "${target.field}".`);
  for (const value of axis.values as number[]) {
    if (field.kind === 'integer' && !Number.isInteger(value)) throw new SweepError(`${what} takes whole numbers; ${value} is not one.`);
  }
}

/** The number of runs a grid over these axes makes. */
export function gridSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((product, axis) => product * Math.max(axis.values.length, 0), 1);
}

function apply(base: StartRunRequest, axes: readonly SweepAxis[], choice: readonly number[]): StartRunRequest {
  const request: StartRunRequest = structuredClone(base);
  const parts: string[] = [];
  axes.forEach((axis, i) => {
    const value = axis.values[choice[i]];
    const target = axis.target;
    if (target.kind === 'hyperparameter') (request.hyperparameters as unknown as Record<string, unknown>)[target.name] = value;
    else if (target.kind === 'layer') (request.architecture.layers[target.layerIndex] as unknown as Record<string, unknown>)[target.field] = value;
    parts.push(`${shortName(target)}=${value}`);
  });
  // The schedule last: its starting values depend on the swept learning rate.
  axes.forEach((axis, i) => {
    if (axis.target.kind === 'schedule') {
      request.hyperparameters.schedule = scheduleFor(String(axis.values[choice[i]]), request.hyperparameters.learningRate, request.hyperparameters.epochs);
    }
  });
  const stem = base.name?.trim() || base.architecture.name;
  request.name = `${stem} · ${parts.join(', ')}`;
  return request;
}

function combination(index: number, axes: readonly SweepAxis[]): number[] {
  const choice: number[] = [];
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    choice[i] = rest % axes[i].values.length;
    rest = Math.floor(rest / axes[i].values.length);
  }
  return choice;
}

/** The runs a sweep queues, in order; throws a SweepError naming the axis or value at fault. */
export function expandSweep(sweep: SweepRequest): StartRunRequest[] {
  if (sweep.mode !== 'grid' && sweep.mode !== 'random') throw new SweepError('A sweep is a grid or random.');
  if (!Array.isArray(sweep.axes) || sweep.axes.length === 0) throw new SweepError('Add at least one setting to vary.');
  for (const axis of sweep.axes) checkAxis(axis, sweep.base);
  const size = gridSize(sweep.axes);
  let indices: number[];
  if (sweep.mode === 'grid') {
    if (size > MAX_SWEEP_RUNS) throw new SweepError(`That grid makes ${size} runs; at most ${MAX_SWEEP_RUNS} can be queued at once. Use fewer values, or a random sweep.`);
    indices = Array.from({ length: size }, (_, i) => i);
  } else {
    const count = sweep.count ?? 0;
    if (!Number.isInteger(count) || count < 1 || count > MAX_SWEEP_RUNS) throw new SweepError(`A random sweep draws from 1 to ${MAX_SWEEP_RUNS} runs; enter a whole number of runs.`);
    if (count > size) throw new SweepError(`Only ${size} different combinations exist: draw at most ${size} runs, or add values.`);
    const seed = sweep.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new SweepError('The sweep seed must be a whole number from 0 to 4294967295.');
    indices = drawDistinct(size, count, seed);
  }
  return indices.map((index) => apply(sweep.base, sweep.axes, combination(index, sweep.axes)));
}

/** `count` distinct integers below `size`, in the order drawn (a partial Fisher–Yates over a sparse map). */
function drawDistinct(size: number, count: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  const swapped = new Map<number, number>();
  const drawn: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(size - i);
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    drawn.push(atJ);
  }
  return drawn;
}

/** Parses "0.1, 0.03 0.01" as typed into a sweep axis; words stay words (schedule kinds). */
export function parseSweepValues(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map((part) => (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part) ? Number(part) : part));
}
