// The loss head: softmax over the scores and cross-entropy with the labels.
// The scores are the logits times the loss layer's logit scale s (1 unless
// the architecture sets it): z = s·x. Everything downstream reads z and
// softmax(z), as the network was trained. Computed stably through
// log-sum-exp, L_n = log Σ_k exp(z_k − m) + m − z_label with m = max_k z_k,
// so large scores never overflow and tiny probabilities never become log(0).
// Its gradient is the report's (softmax(z) − onehot), times s by the chain
// rule through z = s·x, times a scale the trainer passes in: 1/batch for a
// whole batch, or 1/(total batch) when a worker handles one chunk of it.
//
// Label smoothing ε trains against the targets t = (1 − ε)·onehot + ε/K:
// the loss becomes −Σ_k t_k·log p_k = L_n + ε·(z_label − mean_k z_k), using
// Σ t = 1, and the gradient s·(softmax(z) − t).

import type { FloatArray, KernelBackend } from '../kernels/backend.js';

export interface LossResult {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Sum over the batch (what data-parallel chunks add up). */
  lossSum: number;
  /** Images whose highest score (first on ties) is the label. */
  correct: number;
}

export class SoftmaxCrossEntropy {
  readonly type = 'softmaxCrossEntropy';
  readonly name: string;
  /** softmax(s·logits) for the last forward's batch, [batch, classes]. */
  readonly probabilities: FloatArray;
  private readonly logSumExp: Float64Array;
  /** s·logits, in the backend's precision as the logits are; none at s = 1, where the scores are the logits themselves. */
  private readonly scaledLogits: FloatArray | null;
  private scores: FloatArray | null = null;
  private batch = 0;

  constructor(
    backend: KernelBackend,
    maxBatch: number,
    index: number,
    readonly classes: number,
    /** s: the loss layer's logitScale. */
    readonly logitScale = 1,
  ) {
    this.name = `softmaxCrossEntropy#${index}`;
    if (!(Number.isFinite(logitScale) && logitScale > 0)) throw new Error(`${this.name}: logitScale must be a positive number, got ${logitScale}`);
    this.probabilities = backend.createBuffer(maxBatch * classes);
    this.logSumExp = new Float64Array(maxBatch);
    this.scaledLogits = logitScale === 1 ? null : backend.createBuffer(maxBatch * classes);
  }

  /** Takes the last layer's logits; returns the scores s·logits [batch, classes] the softmax read (the logits at s = 1). */
  forward(logits: FloatArray, batch: number): FloatArray {
    const k = this.classes;
    let scores = logits;
    if (this.scaledLogits) {
      scores = this.scaledLogits;
      for (let i = 0; i < batch * k; i++) scores[i] = this.logitScale * logits[i];
    }
    this.scores = scores;
    this.batch = batch;
    for (let n = 0; n < batch; n++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, scores[n * k + c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(scores[n * k + c] - max);
      for (let c = 0; c < k; c++) this.probabilities[n * k + c] = Math.exp(scores[n * k + c] - max) / sum;
      this.logSumExp[n] = max + Math.log(sum);
    }
    return scores.subarray(0, batch * k);
  }

  /**
   * Loss of the last forward's batch; writes ∂L/∂logits = s·(softmax − targets)·scale
   * into logitsGrad (targets onehot unless smoothed).
   */
  lossAndGradient(labels: ArrayLike<number>, scale: number, logitsGrad: FloatArray, labelSmoothing = 0): LossResult {
    const scores = this.scores;
    if (!scores) throw new Error(`${this.name}: lossAndGradient called before forward`);
    // At s = 1 this is `scale` itself, so the gradient is bit-identical to the unscaled loss's.
    const gradientScale = scale * this.logitScale;
    if (labels.length < this.batch) throw new Error(`${this.name}: ${labels.length} labels for a batch of ${this.batch}`);
    const k = this.classes;
    let lossSum = 0;
    let correct = 0;
    for (let n = 0; n < this.batch; n++) {
      const label = labels[n];
      if (!Number.isInteger(label) || label < 0 || label >= k) {
        throw new Error(`${this.name}: label ${label} of image ${n} is outside 0..${k - 1}`);
      }
      lossSum += this.logSumExp[n] - scores[n * k + label];
      let best = 0;
      for (let c = 1; c < k; c++) if (scores[n * k + c] > scores[n * k + best]) best = c;
      if (best === label) correct++;
      if (labelSmoothing > 0) {
        let scoreSum = 0;
        for (let c = 0; c < k; c++) scoreSum += scores[n * k + c];
        lossSum += labelSmoothing * (scores[n * k + label] - scoreSum / k);
        const other = labelSmoothing / k;
        const target = 1 - labelSmoothing + other;
        for (let c = 0; c < k; c++) {
          logitsGrad[n * k + c] = (this.probabilities[n * k + c] - (c === label ? target : other)) * gradientScale;
        }
        continue;
      }
      for (let c = 0; c < k; c++) {
        logitsGrad[n * k + c] = (this.probabilities[n * k + c] - (c === label ? 1 : 0)) * gradientScale;
      }
    }
    return { loss: this.batch > 0 ? lossSum / this.batch : 0, lossSum, correct };
  }
}
