// The training curve inside an epoch, kept at a bounded number of points:
// consecutive steps are pooled into equal stretches and each stretch becomes
// one point (its images' mean loss and accuracy). Unlike the running mean
// over the epoch so far, a stretch does not restart at epoch boundaries, so
// the curve does not jump there, and every step counts in exactly one point.

import type { StepPoint } from '../../common/runs.js';

/** Points per epoch: a smooth line on any chart width, ~1 KB per epoch stored. */
export const STEP_POINTS_PER_EPOCH = 100;

export class StepCurve {
  private readonly stride: number;
  private lossSum = 0;
  private correct = 0;
  private images = 0;
  private pending: StepPoint[] = [];

  constructor(private readonly stepsPerEpoch: number) {
    this.stride = Math.max(1, Math.ceil(stepsPerEpoch / STEP_POINTS_PER_EPOCH));
  }

  /** `step` is 1-based within the epoch; the sums are the batch's. */
  add(epoch: number, step: number, lossSum: number, correct: number, images: number): void {
    this.lossSum += lossSum;
    this.correct += correct;
    this.images += images;
    if (step % this.stride !== 0 && step !== this.stepsPerEpoch) return;
    if (this.images > 0) {
      this.pending.push({ x: epoch - 1 + step / this.stepsPerEpoch, loss: this.lossSum / this.images, accuracy: this.correct / this.images });
    }
    this.lossSum = 0;
    this.correct = 0;
    this.images = 0;
  }

  /** The points completed since the last call. */
  take(): StepPoint[] {
    const points = this.pending;
    this.pending = [];
    return points;
  }
}
