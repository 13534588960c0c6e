// The small surface every layer shares (after ConvNetJS): forward, backward,
// its parameters with their gradients, and its weights as JSON. Layers own
// their parameters and activations and call backend kernels; they never
// update weights (optimizers do, seeing only params()).

import type { ParamInit, ParamName, ParamRole } from '../../common/arch/layerDefinition.js';
import type { LayerShapeInfo } from '../../common/arch/shapes.js';
import { shapeSize, type LayerType, type Shape } from '../../common/arch/spec.js';
import type { FloatArray, KernelBackend, Pool2dGeometry } from '../kernels/backend.js';

export type { ParamName };

/**
 * A tensor of the network and its gradient, both views into the network's
 * flat buffers. For a `statistic` (batch norm's running mean and variance)
 * `grad` carries this chunk's batch statistic instead of a gradient; the
 * optimizer never sees it (see Network.updateStatistics). A `fixed` tensor
 * (the patch-whitening filters) has no gradient: its `grad` stays zero and
 * the optimizer never sees it either.
 */
export interface Param {
  name: ParamName;
  shape: number[];
  value: FloatArray;
  grad: FloatArray;
  init?: ParamInit;
  role?: ParamRole;
}

/** What one forward call is about. */
export interface ForwardPass {
  /** Images in this call (≤ the network's maxBatch). */
  batch: number;
  training: boolean;
  /**
   * Training step, and the position of this call's first image in the whole
   * step's batch. Random layers (dropout) draw from (seed, step, image), so a
   * batch split into chunks across workers gets the same masks as one call.
   */
  step: number;
  firstSample: number;
  /** Images in the whole step's batch (≥ batch when it is split into chunks); batch norm weighs its statistics by it. */
  batchSize: number;
  /**
   * Names the weights this call computes with, for callers that run several
   * calls between two changes of the weights (an executor's chunks): a layer
   * may keep what it derives from them (a convolution's transformed filters)
   * until the version changes. Undefined: derive it afresh every call.
   */
  weightsVersion?: number;
}

export interface LayerJSON {
  type: LayerType;
  params: Partial<Record<ParamName, number[]>>;
}

/** Everything a layer needs at construction, fixed for the network's lifetime. */
export interface LayerContext {
  backend: KernelBackend;
  maxBatch: number;
  info: LayerShapeInfo;
  /** Seed of this layer's own random stream (dropout). */
  seed: number;
}

export interface Layer {
  readonly type: LayerType;
  /** `conv2d#0`: type and position in the architecture, for messages and reports. */
  readonly name: string;
  readonly inShape: Shape;
  readonly outShape: Shape;
  /** Activations for up to maxBatch images; forward writes the first batch×size values. */
  readonly output: FloatArray;
  /** ∂L/∂output, filled by the layer above (or the loss) before backward. */
  readonly outputGrad: FloatArray;
  forward(input: FloatArray, pass: ForwardPass): void;
  /**
   * Overwrites the parameter gradients for the last forward's batch and, when
   * inputGrad is given, writes ∂L/∂input into it (the first layer skips that).
   */
  backward(inputGrad: FloatArray | null): void;
  params(): Param[];
  /**
   * After the optimizer's step: fold the batch's statistics (the sum over its
   * chunks of what forward left in the statistic params' grads) into the
   * running values. Only layers with statistics have it.
   */
  updateStatistics?(summed: (param: Param) => FloatArray, batchSize: number): void;
  toJSON(): LayerJSON;
  fromJSON(json: LayerJSON): void;
}

/** What every layer has in common: identity, shapes, activation buffers and JSON of its params. */
export abstract class LayerBase implements Layer {
  abstract readonly type: LayerType;
  readonly name: string;
  readonly inShape: Shape;
  readonly outShape: Shape;
  readonly output: FloatArray;
  readonly outputGrad: FloatArray;
  protected readonly backend: KernelBackend;

  constructor(context: LayerContext) {
    this.name = `${context.info.type}#${context.info.index}`;
    this.inShape = context.info.inShape;
    this.outShape = context.info.outShape;
    this.backend = context.backend;
    this.output = context.backend.createBuffer(context.maxBatch * shapeSize(this.outShape));
    this.outputGrad = context.backend.createBuffer(context.maxBatch * shapeSize(this.outShape));
  }

  abstract forward(input: FloatArray, pass: ForwardPass): void;
  abstract backward(inputGrad: FloatArray | null): void;

  params(): Param[] {
    return [];
  }

  toJSON(): LayerJSON {
    const json: LayerJSON = { type: this.type, params: {} };
    for (const param of this.params()) json.params[param.name] = Array.from(param.value);
    return json;
  }

  fromJSON(json: LayerJSON): void {
    if (json.type !== this.type) throw new Error(`${this.name}: these weights belong to a ${json.type} layer`);
    for (const param of this.params()) {
      const values = json.params[param.name];
      if (!values || values.length !== param.value.length) {
        throw new Error(`${this.name}: ${param.name} needs ${param.value.length} values, got ${values ? values.length : 'none'}`);
      }
      param.value.set(values);
    }
  }

  /** The input saved by forward, for backward. */
  protected savedInput(input: FloatArray | null): FloatArray {
    if (!input) throw new Error(`${this.name}: backward called before forward`);
    return input;
  }
}

/** Channels, height and width of a feature-map shape (shape inference guarantees it for spatial layers). */
export function mapDims(shape: Shape): { channels: number; height: number; width: number } {
  if (shape.kind !== 'map') throw new Error(`expected a feature map, got a vector of ${shape.units}`);
  return shape;
}

/** The geometry of a pooling layer's kernels (batch set per call). */
export function poolGeometry(inShape: Shape, outShape: Shape, spec: { size: number; stride?: number }): Pool2dGeometry {
  const input = mapDims(inShape);
  const out = mapDims(outShape);
  return {
    batch: 0,
    channels: input.channels,
    inHeight: input.height,
    inWidth: input.width,
    size: spec.size,
    stride: spec.stride ?? spec.size,
    outHeight: out.height,
    outWidth: out.width,
  };
}
