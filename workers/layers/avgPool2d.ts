// Average-pooling layer: each output the mean of its window.

import type { AvgPool2dSpec } from '../../common/arch/spec.js';
import type { FloatArray, Pool2dGeometry } from '../kernels/backend.js';
import { LayerBase, poolGeometry, type ForwardPass, type LayerContext } from './layer.js';

export class AvgPool2dLayer extends LayerBase {
  readonly type = 'avgPool2d';
  private readonly geometry: Pool2dGeometry;
  private forwardDone = false;

  constructor(context: LayerContext, spec: AvgPool2dSpec) {
    super(context);
    this.geometry = poolGeometry(this.inShape, this.outShape, spec);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.geometry.batch = pass.batch;
    this.backend.avgPool2d(input, this.output, this.geometry);
    this.forwardDone = true;
  }

  backward(inputGrad: FloatArray | null): void {
    if (!this.forwardDone) throw new Error(`${this.name}: backward called before forward`);
    if (inputGrad) this.backend.avgPool2dBackward(this.outputGrad, inputGrad, this.geometry);
  }
}
