// Leaky ReLU layer: y = x where x > 0, slope·x elsewhere.

import { shapeSize, type LeakyReluSpec } from '../../common/arch/spec.js';
import type { FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext } from './layer.js';

export class LeakyReluLayer extends LayerBase {
  readonly type = 'leakyRelu';
  private readonly size: number;
  private readonly slope: number;
  private input: FloatArray | null = null;
  private batch = 0;

  constructor(context: LayerContext, spec: LeakyReluSpec) {
    super(context);
    this.size = shapeSize(this.inShape);
    this.slope = spec.slope ?? 0.01;
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.input = input;
    this.batch = pass.batch;
    this.backend.leakyRelu(input, this.output, pass.batch * this.size, this.slope);
  }

  backward(inputGrad: FloatArray | null): void {
    const input = this.savedInput(this.input);
    if (inputGrad) this.backend.leakyReluBackward(input, this.outputGrad, inputGrad, this.batch * this.size, this.slope);
  }
}
