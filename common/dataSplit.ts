// Seeded data order: which training images are held out for validation, and
// the order of each epoch. Everything is a pure function of (seed, inputs), so
// a run is reproducible from its stored seed. The main process splits; the
// training loop (a worker) orders each epoch.

import { SeededRandom } from './random.js';

export interface ValidationSplit {
  /** Ascending image indices that train. */
  train: Uint32Array;
  /** Ascending image indices held out for validation. */
  validation: Uint32Array;
}

export interface ValidationSplitOptions {
  /** Share of the images held out, in [0, 1). */
  fraction: number;
  seed: number;
  /** Given, each class is split in the same proportion (stratified): every class gets round(fraction × its count). */
  labels?: Uint8Array;
}

const SPLIT_STREAM = 1;
const EPOCH_STREAM = 2;

export function splitValidation(count: number, options: ValidationSplitOptions): ValidationSplit {
  const { fraction, labels } = options;
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction ${fraction} is not in [0, 1)`);
  if (labels && labels.length < count) throw new RangeError(`${labels.length} labels for ${count} images`);
  const random = new SeededRandom(deriveSeed(options.seed, SPLIT_STREAM, 0));
  const held = new Uint8Array(count);
  const groups = labels ? groupByLabel(labels, count) : [allIndices(count)];
  for (const group of groups) {
    random.shuffle(group);
    const take = Math.round(fraction * group.length);
    for (let i = 0; i < take; i++) held[group[i]] = 1;
  }
  const validationCount = held.reduce((sum, flag) => sum + flag, 0);
  const train = new Uint32Array(count - validationCount);
  const validation = new Uint32Array(validationCount);
  for (let i = 0, t = 0, v = 0; i < count; i++) {
    if (held[i]) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}

/** The split a dataset prescribes: `validation` (ascending indices) held out, every other image trains. */
export function fixedValidationSplit(count: number, validation: Uint32Array): ValidationSplit {
  const held = new Uint8Array(count);
  for (const index of validation) {
    if (index >= count) throw new RangeError(`validation index ${index} is outside ${count} images`);
    held[index] = 1;
  }
  const train = new Uint32Array(count - validation.length);
  for (let i = 0, t = 0; i < count; i++) if (!held[i]) train[t++] = i;
  return { train, validation: validation.slice() };
}

/**
 * The split a run trains with: the validation images a dataset brings (an
 * image folder's val/), else the run's own seeded, stratified valSplit.
 */
export function runSplit(
  train: { count: number; labels: Uint8Array },
  datasetValidation: Uint32Array | undefined,
  run: { valSplit: number; seed: number },
): ValidationSplit {
  return datasetValidation
    ? fixedValidationSplit(train.count, datasetValidation)
    : splitValidation(train.count, { fraction: run.valSplit, seed: run.seed, labels: train.labels });
}

/** The training indices in this epoch's order: a fresh, independent shuffle per (seed, epoch). */
export function epochOrder(indices: Uint32Array, seed: number, epoch: number): Uint32Array {
  return new SeededRandom(deriveSeed(seed, EPOCH_STREAM, epoch)).shuffle(indices.slice());
}

/**
 * Mixes a run seed with a stream tag and a counter (murmur3's finaliser), so
 * the split, epoch 0, epoch 1, … draw unrelated sequences from one user seed.
 */
function deriveSeed(seed: number, stream: number, counter: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b9) ^ Math.imul(counter + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function allIndices(count: number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return indices;
}

/** Indices per label value, ascending within each group; empty labels are skipped. */
function groupByLabel(labels: Uint8Array, count: number): Uint32Array[] {
  const sizes = new Uint32Array(256);
  for (let i = 0; i < count; i++) sizes[labels[i]]++;
  const groups = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(256);
  for (let i = 0; i < count; i++) groups[labels[i]][filled[labels[i]]++] = i;
  return groups.filter((group) => group.length > 0);
}
