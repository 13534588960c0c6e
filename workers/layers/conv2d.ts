// Convolution layer: weights [filters, inChannels, k, k] and one bias per filter.

import type { Conv2dSpec } from '../../common/arch/spec.js';
import type { Conv2dGeometry, FloatArray, KeptFilters } from '../kernels/backend.js';
import { LayerBase, mapDims, type ForwardPass, type LayerContext, type Param } from './layer.js';

export class Conv2dLayer extends LayerBase {
  readonly type = 'conv2d';
  private readonly geometry: Conv2dGeometry;
  private input: FloatArray | null = null;
  /** Where forward writes relu(conv) when a following relu layer is fused into this one. */
  private reluOutput: FloatArray | null = null;
  /** The filters' transform for forward and for the input gradient, kept while the weights version stays (see KeptFilters). */
  private readonly keptForward: KeptFilters = { buffer: null, holds: undefined, weightsVersion: undefined };
  private readonly keptInputGradient: KeptFilters = { buffer: null, holds: undefined, weightsVersion: undefined };

  constructor(
    context: LayerContext,
    spec: Conv2dSpec,
    private readonly weights: Param,
    private readonly bias: Param,
  ) {
    super(context);
    const input = mapDims(this.inShape);
    const out = mapDims(this.outShape);
    this.geometry = {
      batch: 0,
      inChannels: input.channels,
      inHeight: input.height,
      inWidth: input.width,
      outChannels: spec.filters,
      kernelH: spec.kernelSize,
      kernelW: spec.kernelSize,
      stride: spec.stride ?? 1,
      padding: spec.padding ?? 0,
      outHeight: out.height,
      outWidth: out.width,
    };
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.input = input;
    this.geometry.batch = pass.batch;
    // The backward pass that follows uses the same weights.
    this.keptForward.weightsVersion = pass.weightsVersion;
    this.keptInputGradient.weightsVersion = pass.weightsVersion;
    if (this.reluOutput && this.backend.conv2dRelu) {
      this.backend.conv2dRelu(input, this.weights.value, this.bias.value, this.reluOutput, this.geometry, this.keptForward);
    } else {
      this.backend.conv2d(input, this.weights.value, this.bias.value, this.output, this.geometry, this.keptForward);
    }
  }

  /**
   * From now on forward writes relu(conv(x)) straight into `reluOutput` (the
   * next layer's output) and leaves its own output alone; see Network.
   */
  fuseRelu(reluOutput: FloatArray): void {
    if (!this.backend.conv2dRelu) throw new Error(`${this.name}: backend ${this.backend.name} has no fused conv2d+ReLU`);
    this.reluOutput = reluOutput;
  }

  backward(inputGrad: FloatArray | null): void {
    const input = this.savedInput(this.input);
    this.backend.conv2dBackwardFilter(input, this.outputGrad, this.weights.grad, this.bias.grad, this.geometry);
    if (inputGrad) this.backend.conv2dBackwardInput(this.outputGrad, this.weights.value, inputGrad, this.geometry, this.keptInputGradient);
  }

  override params(): Param[] {
    return [this.weights, this.bias];
  }
}
