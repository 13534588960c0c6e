// A sequential network built from architecture JSON (after ConvNetJS's Net):
// shapes come from the shared shape inference, every hidden layer is a thin
// object over backend kernels, and the softmaxCrossEntropy head sits on top.
//
// Parameters live in two flat buffers, values and gradients, in this fixed
// order: layers in architecture order, and within a layer its weights then
// its bias (conv weights [filters, in, k, k], dense weights [units, in]).
// getWeights()/setWeights(), checkpoints and the run store use that order.
// The value buffer may be handed in (options.paramValues) so that workers
// share one set of weights while each keeps its own gradients and activations.

import { isTrained } from '../common/arch/layerDefinition.js';
import { definitionOf } from '../common/arch/layerRegistry.js';
import { inferShapes } from '../common/arch/shapes.js';
import { logitScaleOf, type SoftmaxCrossEntropySpec } from '../common/arch/layers/softmaxCrossEntropy.js';
import { shapeSize, type ArchitectureSpec } from '../common/arch/spec.js';
import { defaultScheme, initializeParams, setPartialIdentity, type InitScheme } from './init.js';
import type { FloatArray, KernelBackend } from './kernels/backend.js';
import { BatchNormLayer } from './layers/batchNorm.js';
import { Conv2dLayer } from './layers/conv2d.js';
import { createLayer } from './layers/engineRegistry.js';
import { mixSeeds } from './layers/dropout.js';
import type { Layer, LayerJSON, Param } from './layers/layer.js';
import { ReluLayer } from './layers/relu.js';
import { SoftmaxCrossEntropy, type LossResult } from './layers/softmaxCrossEntropy.js';

export interface NetworkOptions {
  backend: KernelBackend;
  /** Largest batch forward() will see; activations are allocated for it once. */
  maxBatch: number;
  /** Seeds the initial weights and the dropout masks. */
  seed: number;
  numClasses: number;
  init?: InitScheme;
  /**
   * Parameter values to use instead of allocating them (length paramCount, in
   * the backend's memory). They are used as they are: not initialised.
   */
  paramValues?: FloatArray;
  /** Gradient buffer to write into instead of allocating one. */
  paramGrads?: FloatArray;
}

/** Which step and which image of that step's batch a forward call starts at (see ForwardPass). */
export interface BatchPosition {
  step: number;
  firstSample: number;
  /** The whole step's batch, when this call is one chunk of it (defaults to this call's batch). */
  batchSize?: number;
}

export interface NetworkJSON {
  architecture: ArchitectureSpec;
  layers: LayerJSON[];
}

export class Network {
  readonly layers: readonly Layer[];
  readonly head: SoftmaxCrossEntropy;
  readonly inputSize: number;
  readonly paramCount: number;
  /** All parameter values, flat, in the documented order. */
  readonly paramValues: FloatArray;
  /** All parameter gradients, same order; each backward() overwrites them. */
  readonly paramGrads: FloatArray;
  private readonly allParams: Param[];
  private readonly initSchemes = new Map<Param, InitScheme>();
  private batch = 0;
  private trainingForwards = 0;
  /**
   * The version of the weights the coming forward calls compute with (see
   * ForwardPass.weightsVersion): an executor sets a new one before each batch
   * or evaluation, between which the weights may change. Undefined (the
   * default, and after the network itself sets its weights: initializeWeights,
   * setWeights, fromJSON): layers keep nothing between calls.
   */
  weightsVersion: number | undefined = undefined;

  constructor(
    readonly spec: ArchitectureSpec,
    readonly options: NetworkOptions,
  ) {
    const { backend, maxBatch, numClasses } = options;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`network ${spec.name}: maxBatch must be a positive integer, got ${maxBatch}`);
    const shapes = inferShapes(spec, { numClasses });
    if (shapes.errors.length > 0) {
      const messages = shapes.errors.map((error) => {
        const layer = error.layerIndex === null ? 'network' : `layer ${error.layerIndex} (${spec.layers[error.layerIndex]?.type})`;
        return `${layer}${error.field ? ` field ${error.field}` : ''}: ${error.message}`;
      });
      throw new Error(`architecture "${spec.name}" cannot be built: ${messages.join('; ')}`);
    }
    const hidden = shapes.layers.slice(0, -1);
    if (hidden.length === 0) throw new Error(`architecture "${spec.name}": needs at least one layer before the loss`);

    const layout = hidden.map((info) => definitionOf(spec.layers[info.index]).paramShapes(spec.layers[info.index], info.inShape));
    this.paramCount = layout.flat().reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
    this.paramValues = this.checkedBuffer('paramValues', options.paramValues) ?? backend.createBuffer(this.paramCount);
    this.paramGrads = this.checkedBuffer('paramGrads', options.paramGrads) ?? backend.createBuffer(this.paramCount);

    let offset = 0;
    this.allParams = [];
    this.layers = hidden.map((info, i) => {
      const params = layout[i].map(({ name, shape, init, role }) => {
        const length = shape.reduce((a, b) => a * b, 1);
        const param: Param = {
          name,
          shape,
          init,
          role,
          value: this.paramValues.subarray(offset, offset + length),
          grad: this.paramGrads.subarray(offset, offset + length),
        };
        offset += length;
        return param;
      });
      this.allParams.push(...params);
      const scheme = options.init ?? defaultScheme(spec.layers, info.index);
      for (const param of params) this.initSchemes.set(param, scheme);
      const context = { backend, maxBatch, info, seed: mixSeeds(options.seed, info.index) };
      return createLayer(spec.layers[info.index], context, params);
    });
    this.fuseConvolutionsWithRelu();
    this.inputSize = shapeSize(hidden[0].inShape);
    const lossIndex = shapes.layers[shapes.layers.length - 1].index;
    // inferShapes made sure the last layer is the loss.
    const loss = spec.layers[lossIndex] as SoftmaxCrossEntropySpec;
    this.head = new SoftmaxCrossEntropy(backend, maxBatch, lossIndex, numClasses, logitScaleOf(loss));
    if (!options.paramValues) this.initializeWeights();
  }

  /**
   * conv2d followed by relu runs as one kernel where the backend has it: the
   * convolution writes relu(conv) into the relu layer's output, saving a pass
   * over the largest activations. batchNorm followed by relu likewise, and its
   * backward takes the ReLU's gradient through the mask as it reads it.
   * Results are bit-identical either way.
   */
  private fuseConvolutionsWithRelu(): void {
    const { backend } = this.options;
    for (let i = 0; i + 1 < this.layers.length; i++) {
      const [layer, next] = [this.layers[i], this.layers[i + 1]];
      if (!(next instanceof ReluLayer)) continue;
      if (layer instanceof Conv2dLayer && backend.conv2dRelu) {
        layer.fuseRelu(next.output);
        next.fuseWithPrevious();
      } else if (layer instanceof BatchNormLayer && backend.batchNormReluForward && backend.batchNormReluBackward) {
        // Both directions: the ReLU's passes over the activations vanish.
        layer.fuseRelu(next);
        next.fuseWithPrevious(true);
      }
    }
  }

  /** Seeded initial weights (see init.ts); done at construction unless the values were handed in. */
  initializeWeights(): void {
    initializeParams(this.allParams, this.options.seed, (param) => this.initSchemes.get(param) ?? 'heNormal');
    this.weightsVersion = undefined;
  }

  /** airbench's partial identity over the seeded weights (see init.ts): how a fresh run with identityInit starts. */
  setPartialIdentity(): void {
    setPartialIdentity(this.allParams);
    this.weightsVersion = undefined;
  }

  private checkedBuffer(what: string, buffer: FloatArray | undefined): FloatArray | undefined {
    if (buffer && buffer.length !== this.paramCount) {
      throw new Error(`network ${this.spec.name}: ${what} holds ${buffer.length} values, the network has ${this.paramCount} parameters`);
    }
    return buffer;
  }

  /**
   * Runs batch images (x: batch × inputSize, NCHW, in the backend's memory)
   * and returns the scores the softmax reads, [batch, numClasses]: the last
   * layer's logits times the loss's logit scale (the logits themselves at
   * scale 1); probabilities() is updated too.
   */
  forward(x: FloatArray, batch: number, training: boolean, position?: BatchPosition): FloatArray {
    if (!Number.isInteger(batch) || batch < 1 || batch > this.options.maxBatch) {
      throw new Error(`network ${this.spec.name}: batch ${batch} is outside 1..${this.options.maxBatch}`);
    }
    const pass = {
      batch,
      training,
      step: position?.step ?? this.trainingForwards,
      firstSample: position?.firstSample ?? 0,
      batchSize: position?.batchSize ?? batch,
      weightsVersion: this.weightsVersion,
    };
    if (training) this.trainingForwards++;
    this.batch = batch;
    let input = x;
    for (const layer of this.layers) {
      layer.forward(input, pass);
      input = layer.output;
    }
    return this.head.forward(input, batch);
  }

  /**
   * Cross-entropy of the last forward against labels, and ∂L/∂logits =
   * s·(softmax − onehot)·scale, s the logit scale. scale defaults to 1/batch; a data-parallel
   * worker passes 1/(whole batch) so the chunks' gradients add up to the mean.
   * labelSmoothing ε replaces onehot by (1 − ε)·onehot + ε/classes (training only).
   */
  lossAndGradient(labels: ArrayLike<number>, batch: number, scale = 1 / batch, labelSmoothing = 0): LossResult {
    if (batch !== this.batch) throw new Error(`network ${this.spec.name}: lossAndGradient for ${batch} images after a forward of ${this.batch}`);
    return this.head.lossAndGradient(labels, scale, this.layers[this.layers.length - 1].outputGrad, labelSmoothing);
  }

  /** Backpropagates the last lossAndGradient; with inputGrad, also writes ∂L/∂x there. */
  backward(inputGrad?: FloatArray): void {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      this.layers[i].backward(i > 0 ? this.layers[i - 1].outputGrad : (inputGrad ?? null));
    }
  }

  /** softmax of the last forward's scores (s·logits), [batch, numClasses]. */
  probabilities(): FloatArray {
    return this.head.probabilities.subarray(0, this.batch * this.options.numClasses);
  }

  params(): Param[] {
    return this.allParams;
  }

  /** The parameters the optimizer steps: all but the stored statistics and the fixed tensors. */
  trainedParams(): Param[] {
    return this.allParams.filter(isTrained);
  }

  /** Values the optimizer steps (its state covers exactly these). */
  get trainedCount(): number {
    return this.trainedParams().reduce((sum, param) => sum + param.value.length, 0);
  }

  /**
   * After the optimizer's step, folds the batch's statistics into the running
   * ones. `summedGradients` is the batch's chunk-summed gradient buffer (same
   * layout as paramGrads); every executor sums it in chunk order, so the
   * running statistics, like the weights, do not depend on the worker count.
   */
  updateStatistics(summedGradients: FloatArray, batchSize: number): void {
    const base = this.paramGrads.byteOffset;
    const bytes = this.paramGrads.BYTES_PER_ELEMENT;
    const summed = (param: Param) => {
      const offset = (param.grad.byteOffset - base) / bytes;
      return summedGradients.subarray(offset, offset + param.grad.length);
    };
    for (const layer of this.layers) layer.updateStatistics?.(summed, batchSize);
  }

  /** A float32 copy of every parameter, in the documented order. */
  getWeights(): Float32Array {
    return Float32Array.from(this.paramValues);
  }

  setWeights(weights: ArrayLike<number>): void {
    if (weights.length !== this.paramCount) {
      throw new Error(`network ${this.spec.name}: got ${weights.length} weights, the network has ${this.paramCount} parameters`);
    }
    this.paramValues.set(weights);
    this.weightsVersion = undefined;
  }

  toJSON(): NetworkJSON {
    return { architecture: this.spec, layers: this.layers.map((layer) => layer.toJSON()) };
  }

  fromJSON(json: NetworkJSON): void {
    if (json.layers.length !== this.layers.length) {
      throw new Error(`network ${this.spec.name}: weights for ${json.layers.length} layers, the network has ${this.layers.length}`);
    }
    this.layers.forEach((layer, i) => layer.fromJSON(json.layers[i]));
    this.weightsVersion = undefined;
  }
}

export function buildNetwork(spec: ArchitectureSpec, options: NetworkOptions): Network {
  return new Network(spec, options);
}
