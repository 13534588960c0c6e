// Test-time flip averaging: each evaluated image is run as it is and
// mirrored left↔right, and its class probabilities are the mean of the two.
// The mean is taken in log space from the logits, in float64, so a
// probability that float32 would round to 0 still gives a finite loss:
//   log p̄_c = logaddexp(log p_c, log p′_c) − log 2.
// The prediction is the class of highest p̄ (the first on ties), the loss
// −log p̄_label.

import { mirrorImages } from '../../common/augmentation/augmentImage.js';
import type { ImageShape } from '../../common/augmentation/draw.js';
import type { FloatArray } from '../kernels/backend.js';
import type { Network } from '../network.js';
import { CHUNK_SIZE } from './chunks.js';

export class FlipAveraging {
  /** log-softmax of the unmirrored pass, then the averaged log-probabilities. */
  private readonly logProbabilities: Float64Array;
  /** float32, as the network's own probabilities: every executor reports the same values. */
  private readonly probabilities: Float32Array;

  constructor(
    private readonly net: Network,
    private readonly shape: ImageShape,
    private readonly classes: number,
  ) {
    this.logProbabilities = new Float64Array(CHUNK_SIZE * classes);
    this.probabilities = new Float32Array(CHUNK_SIZE * classes);
  }

  /**
   * Evaluates `count` loaded images in `input` (which it mirrors in place);
   * calls onImage with each image's averaged probabilities.
   */
  evaluate(
    input: FloatArray,
    labels: ArrayLike<number>,
    count: number,
    onImage: (offset: number, label: number, predicted: number, probabilities: FloatArray) => void,
  ): { lossSum: number; correct: number } {
    const k = this.classes;
    const logP = this.logProbabilities;
    const asIs = this.net.forward(input, count, false);
    for (let n = 0; n < count; n++) {
      const lse = logSumExp(asIs, n * k, k);
      for (let c = 0; c < k; c++) logP[n * k + c] = asIs[n * k + c] - lse;
    }
    mirrorImages(input, count, this.shape);
    const mirrored = this.net.forward(input, count, false);
    let lossSum = 0;
    let correct = 0;
    for (let n = 0; n < count; n++) {
      const lse = logSumExp(mirrored, n * k, k);
      let best = 0;
      for (let c = 0; c < k; c++) {
        const a = logP[n * k + c];
        const b = mirrored[n * k + c] - lse;
        const high = Math.max(a, b);
        logP[n * k + c] = high + Math.log1p(Math.exp(Math.min(a, b) - high)) - Math.LN2;
        if (logP[n * k + c] > logP[n * k + best]) best = c;
      }
      const label = labels[n];
      if (!Number.isInteger(label) || label < 0 || label >= k) throw new Error(`test-time flip: label ${label} of image ${n} is outside 0..${k - 1}`);
      lossSum -= logP[n * k + label];
      if (best === label) correct++;
      for (let c = 0; c < k; c++) this.probabilities[n * k + c] = Math.exp(logP[n * k + c]);
      onImage(n, label, best, this.probabilities.subarray(n * k, (n + 1) * k));
    }
    return { lossSum, correct };
  }
}

function logSumExp(values: FloatArray, offset: number, length: number): number {
  let max = -Infinity;
  for (let c = 0; c < length; c++) max = Math.max(max, values[offset + c]);
  let sum = 0;
  for (let c = 0; c < length; c++) sum += Math.exp(values[offset + c] - max);
  return max + Math.log(sum);
}
