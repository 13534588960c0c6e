// Runs every chunk of a batch on the calling thread. The gradients of the
// chunks are summed in chunk order, exactly as the worker pool reduces them,
// so both give bit-identical weights.

import type { FloatArray } from '../kernels/backend.js';
import type { Param } from '../layers/layer.js';
import type { Network } from '../network.js';
import { ChunkComputer, type ChunkComputerOptions } from './chunkComputer.js';
import { chunksOf } from './chunks.js';
import { addChunkGradients, pairWithGradients, type BatchExecutor, type BatchResult, type EvaluationResult, type ImageCallback, type TrainingStep } from './executor.js';
import type { SharedImageSet } from './protocol.js';

export class InlineExecutor implements BatchExecutor {
  readonly net: Network;
  readonly gradients: FloatArray;
  readonly optimizerParams: Param[];
  private readonly computer: ChunkComputer;

  constructor(options: Omit<ChunkComputerOptions, 'paramValues'>) {
    this.computer = new ChunkComputer(options);
    this.net = this.computer.net;
    this.gradients = options.backend.createBuffer(this.net.paramCount);
    this.optimizerParams = pairWithGradients(this.net, this.gradients);
  }

  get summedGradients(): FloatArray {
    return this.gradients;
  }

  trainBatch(set: SharedImageSet, order: ArrayLike<number>, start: number, batch: number, at: TrainingStep): BatchResult {
    const { gradients } = this;
    let lossSum = 0;
    let correct = 0;
    this.computer.weightsMayHaveChanged();
    for (const chunk of chunksOf(batch)) {
      const result = this.computer.train(set, order, start + chunk.start, chunk.count, at, chunk.start, batch);
      lossSum += result.lossSum;
      correct += result.correct;
      const chunkGrads = this.net.paramGrads;
      if (chunk.index === 0) gradients.set(chunkGrads);
      else addChunkGradients(gradients, chunkGrads);
    }
    return { lossSum, correct };
  }

  evaluate(set: SharedImageSet, order: ArrayLike<number>, count: number, onImage?: ImageCallback, isTest = false): EvaluationResult {
    const predictions = new Uint8Array(count);
    let lossSum = 0;
    let correct = 0;
    this.computer.weightsMayHaveChanged();
    for (const chunk of chunksOf(count)) {
      const result = this.computer.evaluate(set, order, chunk.start, chunk.count, (offset, label, predicted, probabilities) => {
        predictions[chunk.start + offset] = predicted;
        onImage?.(chunk.start + offset, label, predicted, probabilities);
      }, isTest);
      lossSum += result.lossSum;
      correct += result.correct;
    }
    return { lossSum, correct, count, predictions };
  }

  async close(): Promise<void> {}
}
