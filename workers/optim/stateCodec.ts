// Optimizer state as one Float32Array, the form checkpoints are stored in:
// [stepCount, then each slot's values in OPTIMIZER_SLOTS order].

import type { OptimizerKind } from '../../common/runs.js';
import type { OptimizerState } from './optimizer.js';

export const OPTIMIZER_SLOTS: Record<OptimizerKind, readonly string[]> = {
  sgd: [],
  sgdMomentum: ['momentum'],
  adam: ['m', 'v'],
  sgdPytorch: ['momentumBuffer'],
};

export function encodeOptimizerState(state: OptimizerState): Float32Array {
  const names = OPTIMIZER_SLOTS[state.type];
  const present = names.filter((name) => name in state.slots);
  const length = present.reduce((sum, name) => sum + state.slots[name].length, 1);
  const out = new Float32Array(length);
  out[0] = state.stepCount;
  let offset = 1;
  for (const name of present) {
    out.set(state.slots[name], offset);
    offset += state.slots[name].length;
  }
  return out;
}

export function decodeOptimizerState(type: OptimizerKind, encoded: Float32Array, paramCount: number): OptimizerState {
  const names = OPTIMIZER_SLOTS[type];
  const stepCount = encoded[0] ?? 0;
  if (encoded.length === 1) return { type, stepCount, slots: {} };
  if (encoded.length !== 1 + names.length * paramCount) {
    throw new Error(`checkpoint: ${type} optimizer state has ${encoded.length - 1} values, expected ${names.length * paramCount}`);
  }
  const slots = Object.fromEntries(names.map((name, i) => [name, encoded.slice(1 + i * paramCount, 1 + (i + 1) * paramCount)]));
  return { type, stepCount, slots };
}
