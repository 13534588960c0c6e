// The loss head: softmax over the logits and cross-entropy with the labels.
// Computed stably through log-sum-exp, L_n = log Σ_k exp(x_k − m) + m − x_label
// with m = max_k x_k, so large logits never overflow and tiny probabilities
// never become log(0). Its gradient is the report's (softmax(x) − onehot),
// times a scale the trainer passes in: 1/batch for a whole batch, or
// 1/(total batch) when a worker handles one chunk of it.
//
// Label smoothing ε trains against the targets t = (1 − ε)·onehot + ε/K:
// the loss becomes −Σ_k t_k·log p_k = L_n + ε·(x_label − mean_k x_k), using
// Σ t = 1, and the gradient softmax(x) − t.

import type { FloatArray, KernelBackend } from '../kernels/backend.js';

export interface LossResult {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Sum over the batch (what data-parallel chunks add up). */
  lossSum: number;
  /** Images whose highest logit (first on ties) is the label. */
  correct: number;
}

export class SoftmaxCrossEntropy {
  readonly type = 'softmaxCrossEntropy';
  readonly name: string;
  /** softmax(logits) for the last forward's batch, [batch, classes]. */
  readonly probabilities: FloatArray;
  private readonly logSumExp: Float64Array;
  private logits: FloatArray | null = null;
  private batch = 0;

  constructor(
    backend: KernelBackend,
    maxBatch: number,
    index: number,
    readonly classes: number,
  ) {
    this.name = `softmaxCrossEntropy#${index}`;
    this.probabilities = backend.createBuffer(maxBatch * classes);
    this.logSumExp = new Float64Array(maxBatch);
  }

  forward(logits: FloatArray, batch: number): void {
    this.logits = logits;
    this.batch = batch;
    const k = this.classes;
    for (let n = 0; n < batch; n++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, logits[n * k + c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(logits[n * k + c] - max);
      for (let c = 0; c < k; c++) this.probabilities[n * k + c] = Math.exp(logits[n * k + c] - max) / sum;
      this.logSumExp[n] = max + Math.log(sum);
    }
  }

  /** Loss of the last forward's batch; writes (softmax − targets)·scale into logitsGrad (targets onehot unless smoothed). */
  lossAndGradient(labels: ArrayLike<number>, scale: number, logitsGrad: FloatArray, labelSmoothing = 0): LossResult {
    const logits = this.logits;
    if (!logits) throw new Error(`${this.name}: lossAndGradient called before forward`);
    if (labels.length < this.batch) throw new Error(`${this.name}: ${labels.length} labels for a batch of ${this.batch}`);
    const k = this.classes;
    let lossSum = 0;
    let correct = 0;
    for (let n = 0; n < this.batch; n++) {
      const label = labels[n];
      if (!Number.isInteger(label) || label < 0 || label >= k) {
        throw new Error(`${this.name}: label ${label} of image ${n} is outside 0..${k - 1}`);
      }
      lossSum += this.logSumExp[n] - logits[n * k + label];
      let best = 0;
      for (let c = 1; c < k; c++) if (logits[n * k + c] > logits[n * k + best]) best = c;
      if (best === label) correct++;
      if (labelSmoothing > 0) {
        let logitSum = 0;
        for (let c = 0; c < k; c++) logitSum += logits[n * k + c];
        lossSum += labelSmoothing * (logits[n * k + label] - logitSum / k);
        const other = labelSmoothing / k;
        const target = 1 - labelSmoothing + other;
        for (let c = 0; c < k; c++) {
          logitsGrad[n * k + c] = (this.probabilities[n * k + c] - (c === label ? target : other)) * scale;
        }
        continue;
      }
      for (let c = 0; c < k; c++) {
        logitsGrad[n * k + c] = (this.probabilities[n * k + c] - (c === label ? 1 : 0)) * scale;
      }
    }
    return { loss: this.batch > 0 ? lossSum / this.batch : 0, lossSum, correct };
  }
}
