// The work on one chunk of images, shared by the single-thread executor and
// every pool worker so both paths run exactly the same arithmetic: normalise
// the chunk's bytes, forward, loss, backward (training) or forward and
// predictions (evaluation).

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { gatherLabels, normalizeBatch } from '../../common/imageBatch.js';
import type { FloatArray, KernelBackend } from '../kernels/backend.js';
import { buildNetwork, type Network } from '../network.js';
import { CHUNK_SIZE } from './chunks.js';
import type { SharedImageSet } from './protocol.js';

export interface ChunkResult {
  lossSum: number;
  correct: number;
}

export interface ChunkComputerOptions {
  architecture: ArchitectureSpec;
  backend: KernelBackend;
  numClasses: number;
  seed: number;
  /** Normalisation lookup table (see common/imageBatch.ts). */
  normalization: Float32Array;
  /** Shared weights to use (a pool worker); absent: the network allocates and initialises its own. */
  paramValues?: FloatArray;
}

export class ChunkComputer {
  readonly net: Network;
  private readonly input: FloatArray;
  private readonly labels = new Int32Array(CHUNK_SIZE);

  constructor(private readonly options: ChunkComputerOptions) {
    const { architecture, backend, numClasses, seed, paramValues } = options;
    this.net = buildNetwork(architecture, { backend, maxBatch: CHUNK_SIZE, seed, numClasses, paramValues });
    this.input = backend.createBuffer(CHUNK_SIZE * this.net.inputSize);
  }

  /**
   * Forward and backward for images order[start .. start+count), the chunk at
   * `firstSample` of a batch of `batchSize`: leaves this chunk's share of the
   * batch-mean gradient in net.paramGrads.
   */
  train(set: SharedImageSet, order: ArrayLike<number>, start: number, count: number, step: number, firstSample: number, batchSize: number): ChunkResult {
    this.load(set, order, start, count);
    this.net.forward(this.input, count, true, { step, firstSample, batchSize });
    const result = this.net.lossAndGradient(this.labels, count, 1 / batchSize);
    this.net.backward();
    return { lossSum: result.lossSum, correct: result.correct };
  }

  /** Inference on images order[start .. start+count); calls `onImage` with each image's probabilities (valid during the call). */
  evaluate(
    set: SharedImageSet,
    order: ArrayLike<number>,
    start: number,
    count: number,
    onImage: (offset: number, label: number, predicted: number, probabilities: FloatArray) => void,
  ): ChunkResult {
    const classes = this.options.numClasses;
    this.load(set, order, start, count);
    const logits = this.net.forward(this.input, count, false);
    const result = this.net.lossAndGradient(this.labels, count);
    const probabilities = this.net.probabilities();
    for (let n = 0; n < count; n++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[n * classes + c] > logits[n * classes + best]) best = c;
      onImage(n, this.labels[n], best, probabilities.subarray(n * classes, (n + 1) * classes));
    }
    return { lossSum: result.lossSum, correct: result.correct };
  }

  private load(set: SharedImageSet, order: ArrayLike<number>, start: number, count: number): void {
    normalizeBatch(set.images, this.net.inputSize, order, start, count, this.options.normalization, this.input as Float32Array);
    gatherLabels(set.labels, order, start, count, this.labels);
  }
}
