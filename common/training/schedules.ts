// Learning-rate schedules as pure functions of where training is, shared by
// the engine (which rate to use now) and the UI (plotting the curve).
//   constant: lr
//   step:     lr·γ^⌊epoch / stepEpochs⌋
//   cosine:   minLr + (lr − minLr)·(1 + cos(π·t))/2, t = (epoch + step/stepsPerEpoch)/totalEpochs

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
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
