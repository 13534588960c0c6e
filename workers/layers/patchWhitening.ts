// Patch-whitening layer: a stride-1, unpadded convolution through the conv2d
// kernels whose filters are fixed (set from the training images before the
// first step by workers/training/dataInitialization.ts) and whose bias is trained.

import { whiteningFilters, PATCH_WHITENING_DEFAULTS } from '../../common/arch/layers/patchWhitening.js';
import type { PatchWhiteningSpec } from '../../common/arch/spec.js';
import type { Conv2dGeometry, FloatArray, KeptFilters } from '../kernels/backend.js';
import { LayerBase, mapDims, type ForwardPass, type LayerContext, type Param } from './layer.js';

export class PatchWhiteningLayer extends LayerBase {
  readonly type = 'patchWhitening';
  readonly epsilon: number;
  private readonly geometry: Conv2dGeometry;
  /**
   * Where the filter-gradient kernel writes what nobody reads: it computes the
   * bias gradient only together with the filters', and the filters never
   * train. That costs about one forward of this small layer per backward;
   * weights.grad stays zero, so the summed gradients carry nothing for them.
   */
  private readonly unusedFilterGradient: FloatArray;
  private input: FloatArray | null = null;
  private readonly keptForward: KeptFilters = { buffer: null, holds: undefined, weightsVersion: undefined };
  private readonly keptInputGradient: KeptFilters = { buffer: null, holds: undefined, weightsVersion: undefined };

  constructor(
    context: LayerContext,
    spec: PatchWhiteningSpec,
    readonly weights: Param,
    private readonly bias: Param,
  ) {
    super(context);
    const input = mapDims(this.inShape);
    const out = mapDims(this.outShape);
    const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    this.epsilon = spec.epsilon ?? PATCH_WHITENING_DEFAULTS.epsilon;
    this.geometry = {
      batch: 0,
      inChannels: input.channels,
      inHeight: input.height,
      inWidth: input.width,
      outChannels: whiteningFilters(spec, this.inShape),
      kernelH: k,
      kernelW: k,
      stride: 1,
      padding: 0,
      outHeight: out.height,
      outWidth: out.width,
    };
    this.unusedFilterGradient = context.backend.createBuffer(weights.value.length);
  }

  /** k of the k×k patches. */
  get kernelSize(): number {
    return this.geometry.kernelH;
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.input = input;
    this.geometry.batch = pass.batch;
    this.keptForward.weightsVersion = pass.weightsVersion;
    this.keptInputGradient.weightsVersion = pass.weightsVersion;
    this.backend.conv2d(input, this.weights.value, this.bias.value, this.output, this.geometry, this.keptForward);
  }

  backward(inputGrad: FloatArray | null): void {
    const input = this.savedInput(this.input);
    this.backend.conv2dBackwardFilter(input, this.outputGrad, this.unusedFilterGradient, this.bias.grad, this.geometry);
    if (inputGrad) this.backend.conv2dBackwardInput(this.outputGrad, this.weights.value, inputGrad, this.geometry, this.keptInputGradient);
  }

  override params(): Param[] {
    return [this.weights, this.bias];
  }
}
