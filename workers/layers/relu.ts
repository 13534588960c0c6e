// ReLU layer: y = max(0, x), gradient passed where x > 0 (0 at exactly 0).

import { shapeSize } from '../../common/arch/spec.js';
import type { FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext } from './layer.js';

export class ReluLayer extends LayerBase {
  readonly type = 'relu';
  private readonly size: number;
  private input: FloatArray | null = null;
  private batch = 0;

  constructor(context: LayerContext) {
    super(context);
    this.size = shapeSize(this.inShape);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.input = input;
    this.batch = pass.batch;
    this.backend.relu(input, this.output, pass.batch * this.size);
  }

  backward(inputGrad: FloatArray | null): void {
    const input = this.savedInput(this.input);
    if (inputGrad) this.backend.reluBackward(input, this.outputGrad, inputGrad, this.batch * this.size);
  }
}
