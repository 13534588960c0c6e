// Global average pooling: a C×H×W map to its C channel means.

import type { ChannelGeometry, FloatArray } from '../kernels/backend.js';
import { LayerBase, mapDims, type ForwardPass, type LayerContext } from './layer.js';

export class GlobalAvgPoolLayer extends LayerBase {
  readonly type = 'globalAvgPool';
  private readonly geometry: ChannelGeometry;
  private forwardDone = false;

  constructor(context: LayerContext) {
    super(context);
    const input = mapDims(this.inShape);
    this.geometry = { batch: 0, channels: input.channels, area: input.height * input.width };
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.geometry.batch = pass.batch;
    this.backend.globalAvgPool(input, this.output, this.geometry);
    this.forwardDone = true;
  }

  backward(inputGrad: FloatArray | null): void {
    if (!this.forwardDone) throw new Error(`${this.name}: backward called before forward`);
    if (inputGrad) this.backend.globalAvgPoolBackward(this.outputGrad, inputGrad, this.geometry);
  }
}
