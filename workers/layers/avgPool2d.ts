// Average-pooling layer: each output the mean of its window.

import type { AvgPool2dSpec } from '../../common/arch/spec.js';
import type { FloatArray, Pool2dGeometry } from '../kernels/backend.js';
import { LayerBase, mapDims, type ForwardPass, type LayerContext } from './layer.js';

export class AvgPool2dLayer extends LayerBase {
  readonly type = 'avgPool2d';
  private readonly geometry: Pool2dGeometry;
  private forwardDone = false;

  constructor(context: LayerContext, spec: AvgPool2dSpec) {
    super(context);
    const input = mapDims(this.inShape);
    const out = mapDims(this.outShape);
    this.geometry = {
      batch: 0,
      channels: input.channels,
      inHeight: input.height,
      inWidth: input.width,
      size: spec.size,
      stride: spec.stride ?? spec.size,
      outHeight: out.height,
      outWidth: out.width,
    };
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
