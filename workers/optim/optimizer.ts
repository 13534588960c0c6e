// What every optimizer looks like: it sees parameters and their gradients,
// nothing else (after ConvNetJS's trainers), and its state can be exported
// into a checkpoint and imported back so a resumed run continues bit-exactly.
//
// Weight decay λ applies to parameters named 'weights' only: the report's
// update decays w, and biases are not decayed.
//
// airbench's per-parameter rates reach every optimizer through one helper,
// learningRateFor: batch norm's scale can be frozen (never stepped) and its
// shift can step at a multiple of the learning rate. A frozen parameter
// keeps its slots in the state (they stay as they are), so a checkpoint has
// the same layout with the option on or off.

import type { OptimizerKind } from '../../common/runs.js';
import type { FloatArray } from '../kernels/backend.js';
import type { Param } from '../layers/layer.js';

export interface OptimizerState {
  type: OptimizerKind;
  /** Updates applied so far (Adam's bias correction needs it). */
  stepCount: number;
  /** Per-parameter state, each flat in the order of the params passed to step(). */
  slots: Record<string, FloatArray>;
}

export interface Optimizer {
  readonly type: OptimizerKind;
  /** One update of every param from its grad, at learning rate lr. */
  step(params: readonly Param[], lr: number): void;
  exportState(): OptimizerState;
  importState(state: OptimizerState): void;
}

/** Allocates optimizer state; pass backend.createBuffer to keep it in shared memory. */
export type CreateBuffer = (length: number) => FloatArray;

/**
 * Named flat state buffers (momentum, Adam's moments) covering all params,
 * allocated on the first step in the params' own precision unless a
 * CreateBuffer is given.
 */
export class OptimizerSlots {
  private buffers: Record<string, FloatArray> | null = null;

  constructor(
    private readonly owner: OptimizerKind,
    private readonly names: readonly string[],
    private readonly createBuffer?: CreateBuffer,
  ) {}

  for(params: readonly Param[]): Record<string, FloatArray> {
    const length = params.reduce((sum, param) => sum + param.value.length, 0);
    if (!this.buffers) {
      const allocate =
        this.createBuffer ?? ((n: number) => (params[0]?.value instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)));
      this.buffers = Object.fromEntries(this.names.map((name) => [name, allocate(length)]));
    }
    for (const name of this.names) {
      if (this.buffers[name].length !== length) {
        throw new Error(`${this.owner} optimizer: its ${name} state covers ${this.buffers[name].length} values, the params have ${length}`);
      }
    }
    return this.buffers;
  }

  export(): Record<string, FloatArray> {
    return Object.fromEntries(Object.entries(this.buffers ?? {}).map(([name, buffer]) => [name, buffer.slice()]));
  }

  import(state: OptimizerState): void {
    if (state.type !== this.owner) throw new Error(`${this.owner} optimizer: cannot import the state of a ${state.type} optimizer`);
    const present = Object.keys(state.slots);
    if (present.length === 0) {
      this.buffers = null;
      return;
    }
    const missing = this.names.filter((name) => !(name in state.slots));
    if (missing.length > 0) throw new Error(`${this.owner} optimizer: state lacks ${missing.join(', ')}`);
    if (this.buffers) {
      for (const name of this.names) {
        if (this.buffers[name].length !== state.slots[name].length) {
          throw new Error(`${this.owner} optimizer: imported ${name} has ${state.slots[name].length} values, expected ${this.buffers[name].length}`);
        }
        this.buffers[name].set(state.slots[name]);
      }
    } else {
      this.buffers = Object.fromEntries(this.names.map((name) => [name, state.slots[name].slice()]));
    }
  }
}

/**
 * An optimizer whose state is its step count and named per-value slots
 * (momentum buffers, Adam's moments): the checkpoint export and import they
 * all share. Subclasses compute the update.
 */
export abstract class SlottedOptimizer implements Optimizer {
  protected readonly slots: OptimizerSlots;
  protected stepCount = 0;

  constructor(
    readonly type: OptimizerKind,
    slotNames: readonly string[],
    createBuffer?: CreateBuffer,
  ) {
    this.slots = new OptimizerSlots(type, slotNames, createBuffer);
  }

  abstract step(params: readonly Param[], lr: number): void;

  exportState(): OptimizerState {
    return { type: this.type, stepCount: this.stepCount, slots: this.slots.export() };
  }

  importState(state: OptimizerState): void {
    this.slots.import(state);
    this.stepCount = state.stepCount;
  }
}

export function decayFor(param: Param, weightDecay: number): number {
  return param.name === 'weights' ? weightDecay : 0;
}

/** How the learning rate differs by parameter (absent: not at all; see common/training/recipe.ts). */
export interface ParamRates {
  /** Batch norm's scale γ is never stepped. */
  freezeBatchNormScale?: boolean;
  /** Batch norm's shift β steps at lr times this. */
  shiftLearningRateFactor?: number;
}

/** The learning rate `param` steps at, or null when the optimizer leaves it (and its slots) alone. */
export function learningRateFor(param: Param, lr: number, rates: ParamRates): number | null {
  if (param.name === 'scale' && rates.freezeBatchNormScale) return null;
  if (param.name === 'shift') return lr * (rates.shiftLearningRateFactor ?? 1);
  return lr;
}
