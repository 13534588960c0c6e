// ReLU layer: y = max(0, x), gradient passed where x > 0 (0 at exactly 0).
// The backward pass masks with y rather than x (y > 0 exactly where x > 0),
// so a convolution below can compute y itself (fused) and skip writing x.

import { shapeSize } from '../../common/arch/spec.js';
import type { FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext } from './layer.js';

export class ReluLayer extends LayerBase {
  readonly type = 'relu';
  private readonly size: number;
  private batch = 0;
  private forwardDone = false;
  /** Set when the layer below writes this layer's output itself (Conv2dLayer.fuseRelu, BatchNormLayer.fuseRelu). */
  private fused = false;
  /** Set when the layer below also takes this layer's gradient through the mask itself (BatchNormLayer.fuseRelu). */
  private backwardFused = false;

  constructor(context: LayerContext) {
    super(context);
    this.size = shapeSize(this.inShape);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.batch = pass.batch;
    this.forwardDone = true;
    if (!this.fused) this.backend.relu(input, this.output, pass.batch * this.size);
  }

  backward(inputGrad: FloatArray | null): void {
    if (!this.forwardDone) throw new Error(`${this.name}: backward called before forward`);
    if (inputGrad && !this.backwardFused) this.backend.reluBackward(this.output, this.outputGrad, inputGrad, this.batch * this.size);
  }

  /** The layer below now computes this layer's output in its own forward pass; with `backward`, its gradient too. */
  fuseWithPrevious(backward = false): void {
    this.fused = true;
    this.backwardFused = backward;
  }
}
