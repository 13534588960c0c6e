// Fully connected layer, y = W·x + b with W stored [units, inUnits]. A feature
// map input is read as its NCHW-contiguous vector: the implicit flatten.

import { shapeSize, type DenseSpec } from '../../common/arch/spec.js';
import type { DenseGeometry, FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext, type Param } from './layer.js';

export class DenseLayer extends LayerBase {
  readonly type = 'dense';
  private readonly geometry: DenseGeometry;
  private input: FloatArray | null = null;

  constructor(
    context: LayerContext,
    spec: DenseSpec,
    private readonly weights: Param,
    private readonly bias: Param,
  ) {
    super(context);
    this.geometry = { batch: 0, inUnits: shapeSize(this.inShape), outUnits: spec.units };
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.input = input;
    this.geometry.batch = pass.batch;
    this.backend.dense(input, this.weights.value, this.bias.value, this.output, this.geometry);
  }

  backward(inputGrad: FloatArray | null): void {
    const input = this.savedInput(this.input);
    this.backend.denseBackwardWeights(input, this.outputGrad, this.weights.grad, this.bias.grad, this.geometry);
    if (inputGrad) this.backend.denseBackwardInput(this.outputGrad, this.weights.value, inputGrad, this.geometry);
  }

  override params(): Param[] {
    return [this.weights, this.bias];
  }
}
