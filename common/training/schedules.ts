// Learning-rate schedules as pure functions of where training is, shared by
// the engine (which rate to use now) and the UI (plotting the curve).
//   constant: lr
//   step:     lr·γ^⌊epoch / stepEpochs⌋
//   cosine:   minLr + (lr − minLr)·(1 + cos(π·t))/2, t = (epoch + step/stepsPerEpoch)/totalEpochs
//   warmupCosine: lr·(s + 1)/W for the first W = round(warmupEpochs·stepsPerEpoch)
//             steps s, then the cosine above over the remaining steps
//   oneCycle: PyTorch's OneCycleLR (see oneCycleRate)

import type { LearningRateSchedule } from '../runs.js';

export interface TrainingPosition {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based step within the epoch. */
  step: number;
  stepsPerEpoch: number;
  totalEpochs: number;
}

export function learningRateAt(baseLr: number, schedule: LearningRateSchedule, at: TrainingPosition): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * schedule.gamma ** Math.floor(at.epoch / schedule.stepEpochs);
    case 'cosine': {
      const progress = Math.min(1, (at.epoch + at.step / at.stepsPerEpoch) / at.totalEpochs);
      return cosineBetween(baseLr, schedule.minLr, progress);
    }
    case 'warmupCosine': {
      const step = at.epoch * at.stepsPerEpoch + at.step;
      const warmupSteps = Math.round(schedule.warmupEpochs * at.stepsPerEpoch);
      if (step < warmupSteps) return (baseLr * (step + 1)) / warmupSteps;
      const coolingSteps = at.totalEpochs * at.stepsPerEpoch - warmupSteps;
      return cosineBetween(baseLr, schedule.minLr, Math.min(1, (step - warmupSteps) / Math.max(1, coolingSteps)));
    }
    case 'oneCycle':
      return oneCycleRate(baseLr, schedule, at.epoch * at.stepsPerEpoch + at.step, at.totalEpochs * at.stepsPerEpoch);
  }
}

/** From `from` (progress 0) to `to` (progress 1) along half a cosine. */
function cosineBetween(from: number, to: number, progress: number): number {
  return to + ((from - to) * (1 + Math.cos(Math.PI * progress))) / 2;
}

/**
 * torch.optim.lr_scheduler.OneCycleLR(max_lr=lr, total_steps, pct_start=rampFraction,
 * div_factor=startDivisor, final_div_factor=endDivisor), anneal_strategy 'cos',
 * three_phase False, computed as PyTorch does (its phase boundary is
 * rampFraction·total − 1, a float), so both give the same rate at every step.
 */
function oneCycleRate(
  peak: number,
  schedule: Extract<LearningRateSchedule, { kind: 'oneCycle' }>,
  step: number,
  totalSteps: number,
): number {
  const initial = peak / schedule.startDivisor;
  const final = initial / schedule.endDivisor;
  const rampEnd = schedule.rampFraction * totalSteps - 1;
  // The guards only matter for runs of a handful of steps, where PyTorch would divide by 0.
  if (step <= rampEnd) return cosineBetween(initial, peak, rampEnd > 0 ? step / rampEnd : 1);
  const span = totalSteps - 1 - rampEnd;
  return cosineBetween(peak, final, span > 0 ? Math.min(1, (step - rampEnd) / span) : 1);
}
