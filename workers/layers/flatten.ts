// Flatten: NCHW maps are already contiguous per image, so the values are
// unchanged and only the shape becomes a vector. The copy keeps every layer's
// output its own buffer; it costs nothing next to a convolution.

import { shapeSize } from '../../common/arch/spec.js';
import type { FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext } from './layer.js';

export class FlattenLayer extends LayerBase {
  readonly type = 'flatten';
  private readonly size: number;
  private batch = -1;

  constructor(context: LayerContext) {
    super(context);
    this.size = shapeSize(this.inShape);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.batch = pass.batch;
    this.output.set(input.subarray(0, pass.batch * this.size));
  }

  backward(inputGrad: FloatArray | null): void {
    if (this.batch < 0) throw new Error(`${this.name}: backward called before forward`);
    if (inputGrad) inputGrad.set(this.outputGrad.subarray(0, this.batch * this.size));
  }
}
