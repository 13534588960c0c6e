// Test-time augmentation: each evaluated image is run in several views and
// its class probabilities are the weighted mean of the views':
//   - test-time flip: the image and its mirror image, half the weight each;
//   - test-time shift s (the final test only, see ChunkComputer.evaluate):
//     also the image moved s pixels down-right and s pixels up-left, each with
//     its mirror under flip. As in airbench's translate augmentation, the
//     unmoved views keep half the weight and each moved one a quarter. The
//     uncovered border shows the mean colour, or the image reflected when the
//     run's crops reflect (airbench reflects both).
// The mean is taken in log space from the logits, in float64, so a
// probability that float32 would round to 0 still gives a finite loss:
//   log p̄_c = log Σ_v w_v·p_v,c, accumulated view by view with logaddexp.
// The prediction is the class of highest p̄ (the first on ties), the loss
// −log p̄_label.

import { mirrorImages, shiftImages } from '../../common/augmentation/augmentImage.js';
import type { ImageShape } from '../../common/augmentation/draw.js';
import type { FloatArray } from '../kernels/backend.js';
import type { Network } from '../network.js';
import { CHUNK_SIZE } from './chunks.js';

export interface TestTimeView {
  /** Pixels moved down and right (negative: up and left). */
  shift: number;
  mirror: boolean;
  weight: number;
}

/** The views an image is evaluated in, in evaluation order; their weights sum to 1. */
export function testTimeViews(flip: boolean, shift: number): TestTimeView[] {
  const moves: [number, number][] = shift > 0 ? [[0, 1 / 2], [shift, 1 / 4], [-shift, 1 / 4]] : [[0, 1]];
  const mirrors = flip ? [false, true] : [false];
  return moves.flatMap(([move, weight]) => mirrors.map((mirror) => ({ shift: move, mirror, weight: weight / mirrors.length })));
}

export class TestTimeAugmentation {
  /** The running log of the weighted mean, per image and class. */
  private readonly logProbabilities: Float64Array;
  /** float32, as the network's own probabilities: every executor reports the same values. */
  private readonly probabilities: Float32Array;
  /** The chunk as loaded, which the moved views are drawn from (the input buffer is rewritten per view). */
  private readonly unmoved: Float64Array;

  constructor(
    private readonly net: Network,
    private readonly shape: ImageShape,
    private readonly classes: number,
    private readonly flip: boolean,
    /** Moved views reflect the image at the border instead of showing the mean colour. */
    private readonly reflect = false,
  ) {
    this.logProbabilities = new Float64Array(CHUNK_SIZE * classes);
    this.probabilities = new Float32Array(CHUNK_SIZE * classes);
    this.unmoved = new Float64Array(CHUNK_SIZE * shape.channels * shape.height * shape.width);
  }

  /**
   * Evaluates `count` loaded images in `input` (which it overwrites with the
   * views) with the flip this was made with and a shift of `shift` pixels
   * (0: none); calls onImage with each image's averaged probabilities.
   */
  evaluate(
    input: FloatArray,
    labels: ArrayLike<number>,
    count: number,
    onImage: (offset: number, label: number, predicted: number, probabilities: FloatArray) => void,
    shift = 0,
  ): { lossSum: number; correct: number } {
    const k = this.classes;
    const logP = this.logProbabilities;
    const views = testTimeViews(this.flip, shift);
    const values = count * this.shape.channels * this.shape.height * this.shape.width;
    if (shift > 0) this.unmoved.set(input.subarray(0, values));
    views.forEach((view, v) => {
      // A mirror view follows its unmirrored one, so mirroring the input in place gives it.
      if (view.mirror) mirrorImages(input, count, this.shape);
      else if (view.shift !== 0) shiftImages(this.unmoved, input, count, this.shape, view.shift, this.reflect);
      else if (v > 0) input.set(this.unmoved.subarray(0, values));
      const logits = this.net.forward(input, count, false);
      const logWeight = Math.log(view.weight);
      for (let n = 0; n < count; n++) {
        const lse = logSumExp(logits, n * k, k);
        for (let c = 0; c < k; c++) {
          const term = logWeight + logits[n * k + c] - lse;
          logP[n * k + c] = v === 0 ? term : logAddExp(logP[n * k + c], term);
        }
      }
    });
    let lossSum = 0;
    let correct = 0;
    for (let n = 0; n < count; n++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (logP[n * k + c] > logP[n * k + best]) best = c;
      const label = labels[n];
      if (!Number.isInteger(label) || label < 0 || label >= k) throw new Error(`test-time augmentation: label ${label} of image ${n} is outside 0..${k - 1}`);
      lossSum -= logP[n * k + label];
      if (best === label) correct++;
      for (let c = 0; c < k; c++) this.probabilities[n * k + c] = Math.exp(logP[n * k + c]);
      onImage(n, label, best, this.probabilities.subarray(n * k, (n + 1) * k));
    }
    return { lossSum, correct };
  }
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}

function logSumExp(values: FloatArray, offset: number, length: number): number {
  let max = -Infinity;
  for (let c = 0; c < length; c++) max = Math.max(max, values[offset + c]);
  let sum = 0;
  for (let c = 0; c < length; c++) sum += Math.exp(values[offset + c] - max);
  return max + Math.log(sum);
}
