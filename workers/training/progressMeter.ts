// Throughput, ETA and throttled progress messages for the training loop: the
// main process hears from it at most `progressPerSecond` times a second.

import type { RunPhase } from '../../common/api/contract.js';
import type { Post } from './trainingLoop.js';
import type { TrainJob } from './protocol.js';
import { StepCurve } from './stepCurve.js';

export class ProgressMeter {
  private readonly intervalMs: number;
  private lastPost = -Infinity;
  private readonly startedAt = performance.now();
  private imagesDone = 0;
  private lastLoss = 0;
  private lastAccuracy = 0;
  private lastRate = 0;
  private readonly totalTrainImages: number;
  private readonly curve: StepCurve;

  constructor(
    private readonly job: TrainJob,
    private readonly stepsPerEpoch: number,
    firstEpoch: number,
    private readonly post: Post,
  ) {
    this.intervalMs = 1000 / Math.max(1, job.progressPerSecond);
    this.totalTrainImages = job.trainIndices.length * (job.hyperparameters.epochs - firstEpoch + 1);
    this.curve = new StepCurve(stepsPerEpoch);
  }

  /** `loss` and `accuracy` are the running means over the epoch so far; `batch` is this step's own sums. */
  training(epoch: number, step: number, loss: number, accuracy: number, images: number, batch: { lossSum: number; correct: number }): void {
    this.curve.add(epoch, step, batch.lossSum, batch.correct, images);
    this.imagesDone += images;
    this.lastLoss = loss;
    this.lastAccuracy = accuracy;
    const now = performance.now();
    const last = step === this.stepsPerEpoch;
    if (!last && now - this.lastPost < this.intervalMs) return;
    this.lastPost = now;
    const seconds = (now - this.startedAt) / 1000;
    const imagesPerSecond = seconds > 0 ? this.imagesDone / seconds : 0;
    this.lastRate = imagesPerSecond;
    // Evaluation passes (validation each epoch, test at the end) cost about a
    // third of a training pass per image: forward only.
    const evalImages = (this.job.valIndices.length * (this.job.hyperparameters.epochs - epoch + 1) + this.job.test.count) / 3;
    const remaining = this.totalTrainImages - this.imagesDone + evalImages;
    this.post({
      type: 'progress',
      phase: 'training',
      epoch,
      batch: step,
      batches: this.stepsPerEpoch,
      loss,
      accuracy,
      imagesPerSecond,
      etaSeconds: imagesPerSecond > 0 ? remaining / imagesPerSecond : null,
      // Always sent on an epoch's last step, so every point reaches the main process before the epoch does.
      steps: this.curve.take(),
    });
  }

  /** Announces an evaluation pass, repeating the last training figures. */
  phase(phase: RunPhase, epoch: number): void {
    this.post({
      type: 'progress',
      phase,
      epoch,
      batch: this.stepsPerEpoch,
      batches: this.stepsPerEpoch,
      loss: this.lastLoss,
      accuracy: this.lastAccuracy,
      imagesPerSecond: this.lastRate,
      etaSeconds: null,
      steps: [],
    });
  }
}
