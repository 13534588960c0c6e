// Inverted dropout: in training each value is kept with probability 1 − rate
// and scaled by 1/(1 − rate), so evaluation is the identity and needs no
// rescaling. The mask of image k at step s is drawn from its own stream
// seeded by (layer seed, s, k): masks do not depend on how a batch is split
// into chunks across workers, nor on what ran before (resuming a checkpoint
// draws the same masks).

import { shapeSize, type DropoutSpec } from '../../common/arch/spec.js';
import { mixSeeds, SeededRandom } from '../../common/random.js';
import type { FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext } from './layer.js';

// Shared with the data augmentation (common/augmentation/), which draws per image the same way.
export { mixSeeds };

export class DropoutLayer extends LayerBase {
  readonly type = 'dropout';
  private readonly size: number;
  private readonly rate: number;
  private readonly seed: number;
  /** 0 or 1/(1 − rate) per value of the last training batch. */
  private readonly mask: FloatArray;
  private batch = -1;
  private lastWasTraining = false;

  constructor(context: LayerContext, spec: DropoutSpec) {
    super(context);
    this.size = shapeSize(this.inShape);
    this.rate = spec.rate;
    this.seed = context.seed;
    this.mask = context.backend.createBuffer(context.maxBatch * this.size);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    this.batch = pass.batch;
    this.lastWasTraining = pass.training && this.rate > 0;
    const length = pass.batch * this.size;
    if (!this.lastWasTraining) {
      this.output.set(input.subarray(0, length));
      return;
    }
    const keepScale = 1 / (1 - this.rate);
    for (let n = 0; n < pass.batch; n++) {
      const random = new SeededRandom(mixSeeds(this.seed, pass.step, pass.firstSample + n));
      for (let k = n * this.size; k < (n + 1) * this.size; k++) {
        this.mask[k] = random.next() < this.rate ? 0 : keepScale;
        this.output[k] = input[k] * this.mask[k];
      }
    }
  }

  backward(inputGrad: FloatArray | null): void {
    if (this.batch < 0) throw new Error(`${this.name}: backward called before forward`);
    if (!inputGrad) return;
    const length = this.batch * this.size;
    if (!this.lastWasTraining) {
      inputGrad.set(this.outputGrad.subarray(0, length));
      return;
    }
    for (let k = 0; k < length; k++) inputGrad[k] = this.outputGrad[k] * this.mask[k];
  }
}
