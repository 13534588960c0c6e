// Validation of training settings, shared by the CLI, the API and the Train
// view so that every carrier rejects the same things with the same words.

import type { Hyperparameters } from './runs.js';

export interface HyperparameterIssue {
  field: keyof Hyperparameters | 'schedule.stepEpochs' | 'schedule.gamma' | 'schedule.minLr';
  message: string;
}

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

export function findHyperparameterIssues(h: Hyperparameters): HyperparameterIssue[] {
  const issues: HyperparameterIssue[] = [];
  const need = (ok: boolean, field: HyperparameterIssue['field'], message: string) => {
    if (!ok) issues.push({ field, message });
  };
  need(isInt(h.epochs, 1, 1000), 'epochs', `epochs must be an integer from 1 to 1000, got ${String(h.epochs)}`);
  need(isInt(h.batchSize, 1, 4096), 'batchSize', `batch size must be an integer from 1 to 4096, got ${String(h.batchSize)}`);
  need(isNum(h.learningRate, 0, 10) && h.learningRate > 0, 'learningRate', `learning rate must be a number above 0 and at most 10, got ${String(h.learningRate)}`);
  need(['sgdMomentum', 'sgd', 'adam'].includes(h.optimizer), 'optimizer', `optimizer must be sgdMomentum, sgd or adam, got ${String(h.optimizer)}`);
  need(isNum(h.momentum, 0, 0.999999), 'momentum', `momentum must be a number from 0 to below 1, got ${String(h.momentum)}`);
  need(isNum(h.weightDecay, 0, 1), 'weightDecay', `weight decay must be a number from 0 to 1, got ${String(h.weightDecay)}`);
  need(isInt(h.seed, 0, 2 ** 32 - 1), 'seed', `seed must be an integer from 0 to 4294967295, got ${String(h.seed)}`);
  need(isNum(h.valSplit, 0, 0.5), 'valSplit', `validation split must be a fraction from 0 to 0.5, got ${String(h.valSplit)}`);
  need(h.trainLimit === null || isInt(h.trainLimit, 1, 1e9), 'trainLimit', `train limit must be a positive integer or empty, got ${String(h.trainLimit)}`);
  need(h.testLimit === null || isInt(h.testLimit, 1, 1e9), 'testLimit', `test limit must be a positive integer or empty, got ${String(h.testLimit)}`);
  need(isInt(h.workers, 1, 64), 'workers', `workers must be an integer from 1 to 64, got ${String(h.workers)}`);
  const s = h.schedule;
  if (!s || !['constant', 'step', 'cosine'].includes(s.kind)) {
    issues.push({ field: 'schedule', message: `schedule must be constant, step or cosine, got ${String(s?.kind)}` });
  } else if (s.kind === 'step') {
    need(isInt(s.stepEpochs, 1, 1000), 'schedule.stepEpochs', `step decay every N epochs must be an integer from 1, got ${String(s.stepEpochs)}`);
    need(isNum(s.gamma, 0, 1) && s.gamma > 0, 'schedule.gamma', `step decay factor must be above 0 and at most 1, got ${String(s.gamma)}`);
  } else if (s.kind === 'cosine') {
    need(isNum(s.minLr, 0, 10) && s.minLr <= h.learningRate, 'schedule.minLr', `cosine minimum learning rate must be from 0 to the learning rate, got ${String(s.minLr)}`);
  }
  return issues;
}
