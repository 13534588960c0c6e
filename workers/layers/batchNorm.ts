// Batch normalisation layer (common/arch/layers/batchNorm.ts has the rule).
//
// Which images are "the batch": the engine computes every step as fixed
// chunks of CHUNK_SIZE images (workers/training/chunks.ts), on one thread or
// spread over workers, and each chunk is normalised by its own statistics
// (a "ghost batch", Hoffer et al. 2017). The chunks do not depend on the
// worker count, so neither do the results: no barrier between workers, and
// activations stay bounded by the chunk, not the batch.
//
// The running statistics are updated from the whole batch: forward leaves
// this chunk's share of the batch mean, Σx/(B·area), and of E[x²] in the
// grads of runningMean and runningVariance; executors sum chunk grads in
// chunk order, and updateStatistics turns the sums into the batch's mean and
// unbiased variance after the optimizer's step.

import { BATCH_NORM_DEFAULTS } from '../../common/arch/layers/batchNorm.js';
import type { BatchNormSpec } from '../../common/arch/spec.js';
import type { ChannelGeometry, FloatArray } from '../kernels/backend.js';
import { LayerBase, type ForwardPass, type LayerContext, type Param } from './layer.js';

export class BatchNormLayer extends LayerBase {
  readonly type = 'batchNorm';
  private readonly geometry: ChannelGeometry;
  private readonly momentum: number;
  private readonly epsilon: number;
  private readonly scale: Param;
  private readonly shift: Param;
  private readonly runningMean: Param;
  private readonly runningVariance: Param;
  /** x̂ of the last forward, for the backward pass. */
  private readonly xHat: FloatArray;
  private readonly batchMean: FloatArray;
  private readonly batchVariance: FloatArray;
  /** Whether the last forward normalised by its own statistics (training) or the running ones. */
  private usedBatchStatistics = false;
  private forwardDone = false;
  /** The ReLU after this layer when fused into it (fuseRelu): forward writes its output, backward reads its gradient. */
  private relu: { output: FloatArray; outputGrad: FloatArray } | null = null;

  constructor(context: LayerContext, spec: BatchNormSpec, params: Param[]) {
    super(context);
    [this.scale, this.shift, this.runningMean, this.runningVariance] = params;
    const shape = this.inShape;
    this.geometry = shape.kind === 'map' ? { batch: 0, channels: shape.channels, area: shape.height * shape.width } : { batch: 0, channels: shape.units, area: 1 };
    this.momentum = spec.momentum ?? BATCH_NORM_DEFAULTS.momentum;
    this.epsilon = spec.epsilon ?? BATCH_NORM_DEFAULTS.epsilon;
    this.xHat = context.backend.createBuffer(this.output.length);
    this.batchMean = context.backend.createBuffer(this.geometry.channels);
    this.batchVariance = context.backend.createBuffer(this.geometry.channels);
  }

  forward(input: FloatArray, pass: ForwardPass): void {
    const g = this.geometry;
    g.batch = pass.batch;
    this.usedBatchStatistics = pass.training;
    this.forwardDone = true;
    if (!pass.training) {
      this.normalize(input, this.runningMean.value, this.runningVariance.value);
      return;
    }
    this.backend.batchNormStatistics(input, this.batchMean, this.batchVariance, g);
    this.normalize(input, this.batchMean, this.batchVariance);
    // This chunk's share of the whole batch's E[x] and E[x²] (see the file comment).
    const weight = pass.batch / pass.batchSize;
    for (let c = 0; c < g.channels; c++) {
      const mean = this.batchMean[c];
      this.runningMean.grad[c] = weight * mean;
      this.runningVariance.grad[c] = weight * (this.batchVariance[c] + mean * mean);
    }
  }

  private normalize(input: FloatArray, mean: FloatArray, variance: FloatArray): void {
    const { scale, shift, xHat, epsilon, geometry } = this;
    if (this.relu && this.backend.batchNormReluForward) {
      this.backend.batchNormReluForward(input, mean, variance, scale.value, shift.value, xHat, this.relu.output, epsilon, geometry);
    } else {
      this.backend.batchNormForward(input, mean, variance, scale.value, shift.value, xHat, this.output, epsilon, geometry);
    }
  }

  backward(inputGrad: FloatArray | null): void {
    if (!this.forwardDone) throw new Error(`${this.name}: backward called before forward`);
    const variance = this.usedBatchStatistics ? this.batchVariance : this.runningVariance.value;
    const { scale, shift, xHat, epsilon, usedBatchStatistics, geometry } = this;
    if (this.relu && this.backend.batchNormReluBackward) {
      this.backend.batchNormReluBackward(
        this.relu.outputGrad, this.relu.output, xHat, variance, scale.value, inputGrad, scale.grad, shift.grad, epsilon, usedBatchStatistics, geometry,
      );
    } else {
      this.backend.batchNormBackward(this.outputGrad, xHat, variance, scale.value, inputGrad, scale.grad, shift.grad, epsilon, usedBatchStatistics, geometry);
    }
  }

  /**
   * From now on this layer also does the work of the ReLU after it: forward
   * writes relu(y) as the ReLU's output (its own output is left alone), and
   * backward reads the ReLU's output gradient, masked by that output; see Network.
   */
  fuseRelu(relu: { output: FloatArray; outputGrad: FloatArray }): void {
    if (!this.backend.batchNormReluForward || !this.backend.batchNormReluBackward) {
      throw new Error(`${this.name}: backend ${this.backend.name} has no fused batchNorm+ReLU`);
    }
    this.relu = relu;
  }

  override params(): Param[] {
    return [this.scale, this.shift, this.runningMean, this.runningVariance];
  }

  /** r ← (1 − momentum)·r + momentum·(batch statistic), with the unbiased variance, as PyTorch does. */
  updateStatistics(summed: (param: Param) => FloatArray, batchSize: number): void {
    const meanOfBatch = summed(this.runningMean);
    const meanSquareOfBatch = summed(this.runningVariance);
    const count = batchSize * this.geometry.area;
    const unbiased = count > 1 ? count / (count - 1) : 1;
    const m = this.momentum;
    for (let c = 0; c < this.geometry.channels; c++) {
      const mean = meanOfBatch[c];
      const variance = Math.max(meanSquareOfBatch[c] - mean * mean, 0) * unbiased;
      this.runningMean.value[c] = (1 - m) * this.runningMean.value[c] + m * mean;
      this.runningVariance.value[c] = (1 - m) * this.runningVariance.value[c] + m * variance;
    }
  }
}
