// What the training loop needs from whoever computes batches: the inline
// executor (one thread) or the worker pool (data-parallel). Both compute a
// batch as fixed-size chunks and sum the chunk gradients in chunk order.

import type { FloatArray } from '../kernels/backend.js';
import type { Param } from '../layers/layer.js';
import type { Network } from '../network.js';
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

/** Where a batch falls in the run: the global step (dropout masks, augmentation draws) and its epoch from 0 (the alternating flip). */
export interface TrainingStep {
  step: number;
  epoch: number;
}

export type ImageCallback = (position: number, label: number, predicted: number, probabilities: FloatArray) => void;

export interface BatchExecutor {
  /** The network whose weights the optimizer updates (getWeights, setWeights, params). */
  readonly net: Network;
  /** Its trained parameters paired with the summed batch gradient: what the optimizer steps. */
  readonly optimizerParams: Param[];
  /** The chunk-summed gradient of the last batch, laid out as net.paramGrads (statistics included). */
  readonly summedGradients: FloatArray;
  /** Forward and backward for images order[start .. start+batch); leaves the batch-mean gradient in optimizerParams. */
  trainBatch(set: SharedImageSet, order: ArrayLike<number>, start: number, batch: number, at: TrainingStep): BatchResult;
  /** Inference over images order[0 .. count); `isTest`: the run's final test (test-time shift applies to it only). */
  evaluate(set: SharedImageSet, order: ArrayLike<number>, count: number, onImage?: ImageCallback, isTest?: boolean): EvaluationResult;
  close(): Promise<void>;
}

/** The network's trained parameters with their gradients replaced by views into `gradients` (same layout). */
export function pairWithGradients(net: Network, gradients: FloatArray): Param[] {
  const base = net.paramGrads.byteOffset;
  const bytes = net.paramGrads.BYTES_PER_ELEMENT;
  return net.trainedParams().map((param) => {
    const offset = (param.grad.byteOffset - base) / bytes;
    return { ...param, grad: gradients.subarray(offset, offset + param.grad.length) };
  });
}

/**
 * Adds one chunk's gradients to the running batch sum. Both executors add the
 * chunks in chunk order with this one loop, so their sums agree bit for bit.
 */
export function addChunkGradients(sum: FloatArray, chunk: FloatArray): void {
  for (let i = 0; i < sum.length; i++) sum[i] += chunk[i];
}
