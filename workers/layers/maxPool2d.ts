// Max-pooling layer. The forward pass records where each maximum came from so
// the backward pass can route the gradient there (first maximum on ties).

import type { MaxPool2dSpec } from '../../common/arch/spec.js';
import { shapeSize } from '../../common/arch/spec.js';
import type { FloatArray, Pool2dGeometry } from '../kernels/backend.js';
import { LayerBase, poolGeometry, type ForwardPass, type LayerContext } from './layer.js';

export class MaxPool2dLayer extends LayerBase {
  readonly type = 'maxPool2d';
  /** Flat input index of each output's maximum (read by gradient checks to spot kinks). */
  readonly argmax: Int32Array;
  private readonly geometry: Pool2dGeometry;
  private forwardDone = false;

  constructor(context: LayerContext, spec: MaxPool2dSpec) {
    super(context);
    this.geometry = poolGeometry(this.inShape, this.outShape, spec);
    this.argmax = context.backend.createIndexBuffer(context.maxBatch * shapeSize(this.outShape));
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.geometry.batch = pass.batch;
    this.backend.maxPool2d(input, this.output, this.argmax, this.geometry);
    this.forwardDone = true;
  }

  backward(inputGrad: FloatArray | null): void {
    if (!this.forwardDone) throw new Error(`${this.name}: backward called before forward`);
    if (inputGrad) this.backend.maxPool2dBackward(this.outputGrad, this.argmax, inputGrad, this.geometry);
  }
}
