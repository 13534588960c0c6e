// What the shared code knows about one layer type, in one place: its fields
// (validation and the editor's inputs), its starting values, its output
// shape with the arithmetic, its parameter tensors, the parameter-table
// formula, its FLOPs and its one-line description. Each type's entry lives
// in layers/<type>.ts; layerRegistry.ts lists them. The engine registers its
// own half (workers/layers/engineRegistry.ts), as tfjs registers kernels.

import type { LayerSchema } from './schema.js';
import type { LayerType, Shape } from './spec.js';

export interface ArchitectureError {
  layerIndex: number | null;
  field: string | null;
  message: string;
}

/** Where the layer stands, for shape rules that depend on it (the loss must be last). */
export interface ShapeContext {
  index: number;
  isLast: boolean;
  /** When known (a dataset is chosen), the loss input must have this many units. */
  numClasses?: number;
}

export type ShapeStep = { outShape: Shape; arithmetic: string[] } | { error: ArchitectureError };

/**
 * How a tensor starts: `fan` is He or Glorot by fan-in (weights), the others
 * constants. Only `fan` draws from the seeded stream.
 */
export type ParamInit = 'fan' | 'zeros' | 'ones';

export type ParamName = 'weights' | 'bias' | 'scale' | 'shift' | 'runningMean' | 'runningVariance';

/**
 * What becomes of a tensor while training. `trained` ones are stepped by the
 * optimizer; `statistic` ones (batch norm's running mean and variance) are
 * stored in checkpoints beside them but updated from batch statistics
 * instead; `fixed` ones (the patch-whitening filters) are set once before
 * the first step, from the training images, and never change after it.
 * Checkpoints and exports carry all three alike.
 */
export type ParamRole = 'trained' | 'statistic' | 'fixed';

/** One tensor of a layer. */
export interface ParamShape {
  name: ParamName;
  shape: number[];
  init: ParamInit;
  role: ParamRole;
}

export interface LayerDefinition<S extends { type: LayerType }> extends LayerSchema {
  readonly type: S['type'];
  /** Offered in the editor's palette; the loss is pinned at the end instead. */
  readonly inPalette: boolean;
  /** The settings of a freshly added layer: shape-preserving where that makes sense. */
  readonly starting: Omit<S, 'type' | 'id'>;
  /**
   * How weight initialisation looks through this layer from the layer below:
   * a `rectifier` means He for it, `transparent` means look further up, and
   * anything else (a layer with weights, the loss) means Glorot.
   */
  readonly initRole?: 'rectifier' | 'transparent';
  describe(spec: S): string;
  inferShape(inShape: Shape, spec: S, at: ShapeContext): ShapeStep;
  /** The layer's tensors in their flat-buffer order (weights before bias). */
  paramShapes(spec: S, inShape: Shape): ParamShape[];
  /** The parameter table's formula (`5×5×1×16 + 16 = 416`), empty without parameters. */
  formula(spec: S, inShape: Shape): string;
  /** Forward floating-point operations per image: 2 per multiply-add, 1 per comparison, max or add. */
  flops(spec: S, inShape: Shape, outShape: Shape): number;
}

export function tensorSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Trained parameters of a layer (what the parameter count reports). */
export function trainedCount(params: readonly ParamShape[]): number {
  return params.filter((p) => p.role === 'trained').reduce((sum, p) => sum + tensorSize(p.shape), 0);
}

/** Stored, untrained values of a layer (batch norm's running statistics). */
export function statisticCount(params: readonly ParamShape[]): number {
  return params.filter((p) => p.role === 'statistic').reduce((sum, p) => sum + tensorSize(p.shape), 0);
}

/** Stored values computed once from the data and never trained (the patch-whitening filters). */
export function fixedCount(params: readonly ParamShape[]): number {
  return params.filter((p) => p.role === 'fixed').reduce((sum, p) => sum + tensorSize(p.shape), 0);
}

/** Whether the optimizer steps a tensor (a role left out, as in hand-built engine params, means trained). */
export function isTrained(param: { role?: ParamRole }): boolean {
  return (param.role ?? 'trained') === 'trained';
}

/** Channels of a feature map or units of a vector: what per-channel layers act on. */
export function featureCount(shape: Shape): number {
  return shape.kind === 'map' ? shape.channels : shape.units;
}

/** A layer that passes its input's shape through unchanged. */
export function sameShape(inShape: Shape): ShapeStep {
  return { outShape: inShape, arithmetic: [] };
}
