// Runs every chunk of a batch on the calling thread. The gradients of the
// chunks are summed in chunk order, exactly as the worker pool reduces them,
// so both give bit-identical weights.

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { gatherLabels, normalizeBatch } from '../../common/imageBatch.js';
import type { FloatArray, KernelBackend } from '../kernels/backend.js';
import type { Param } from '../layers/layer.js';
import { buildNetwork, type Network } from '../network.js';
import { chunksOf, CHUNK_SIZE } from './chunks.js';
import type { SharedImageSet } from './protocol.js';

export interface BatchResult {
  lossSum: number;
  correct: number;
}

export interface EvaluationResult extends BatchResult {
  count: number;
  /** Predicted class per evaluated image, in the order evaluated. */
  predictions: Uint8Array;
}

export interface ExecutorOptions {
  architecture: ArchitectureSpec;
  backend: KernelBackend;
  numClasses: number;
  seed: number;
  /** Normalisation lookup table (see common/imageBatch.ts). */
  normalization: Float32Array;
}

export class InlineExecutor {
  readonly net: Network;
  /** Σ over chunks of the chunk gradients: the batch-mean gradient the optimizer applies. */
  readonly gradients: FloatArray;
  /** The network's parameters paired with the summed gradients: what the optimizer steps. */
  readonly optimizerParams: Param[];
  private readonly input: FloatArray;
  private readonly labels = new Int32Array(CHUNK_SIZE);
  private readonly imageBytes: number;

  constructor(private readonly options: ExecutorOptions) {
    const { architecture, backend, numClasses, seed } = options;
    this.net = buildNetwork(architecture, { backend, maxBatch: CHUNK_SIZE, seed, numClasses });
    this.gradients = backend.createBuffer(this.net.paramCount);
    const gradBase = this.net.paramGrads.byteOffset;
    const bytes = this.net.paramGrads.BYTES_PER_ELEMENT;
    this.optimizerParams = this.net.params().map((param) => {
      const offset = (param.grad.byteOffset - gradBase) / bytes;
      return { ...param, grad: this.gradients.subarray(offset, offset + param.grad.length) };
    });
    this.imageBytes = this.net.inputSize;
    this.input = backend.createBuffer(CHUNK_SIZE * this.imageBytes);
  }

  /** Forward and backward for images order[start .. start+batch); leaves the mean gradient in `gradients`. */
  trainBatch(set: SharedImageSet, order: ArrayLike<number>, start: number, batch: number, step: number): BatchResult {
    const { net, gradients } = this;
    let lossSum = 0;
    let correct = 0;
    for (const chunk of chunksOf(batch)) {
      this.loadChunk(set, order, start + chunk.start, chunk.count);
      net.forward(this.input, chunk.count, true, { step, firstSample: chunk.start });
      const result = net.lossAndGradient(this.labels, chunk.count, 1 / batch);
      net.backward();
      lossSum += result.lossSum;
      correct += result.correct;
      const chunkGrads = net.paramGrads;
      if (chunk.index === 0) {
        gradients.set(chunkGrads);
      } else {
        for (let i = 0; i < gradients.length; i++) gradients[i] += chunkGrads[i];
      }
    }
    return { lossSum, correct };
  }

  /**
   * Inference over images order[0 .. count). When `onImage` is given it sees
   * every image's probabilities (valid only during the call).
   */
  evaluate(
    set: SharedImageSet,
    order: ArrayLike<number>,
    count: number,
    onImage?: (position: number, label: number, predicted: number, probabilities: FloatArray) => void,
  ): EvaluationResult {
    const { net } = this;
    const classes = this.options.numClasses;
    const predictions = new Uint8Array(count);
    let lossSum = 0;
    let correct = 0;
    for (const chunk of chunksOf(count)) {
      this.loadChunk(set, order, chunk.start, chunk.count);
      const logits = net.forward(this.input, chunk.count, false);
      const result = net.lossAndGradient(this.labels, chunk.count);
      lossSum += result.lossSum;
      correct += result.correct;
      const probabilities = net.probabilities();
      for (let n = 0; n < chunk.count; n++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (logits[n * classes + c] > logits[n * classes + best]) best = c;
        predictions[chunk.start + n] = best;
        onImage?.(chunk.start + n, this.labels[n], best, probabilities.subarray(n * classes, (n + 1) * classes));
      }
    }
    return { lossSum, correct, count, predictions };
  }

  private loadChunk(set: SharedImageSet, order: ArrayLike<number>, start: number, count: number): void {
    normalizeBatch(set.images, this.imageBytes, order, start, count, this.options.normalization, this.input as Float32Array);
    gatherLabels(set.labels, order, start, count, this.labels);
  }
}
