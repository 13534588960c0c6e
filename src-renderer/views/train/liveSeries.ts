// Curves of a live run for the line charts: the training curve inside each epoch
// (so the lines grow batch by batch) and the per-epoch values at whole epochs.

import type { LineSeries } from '../../../common/viz/chartMath.js';
import type { LiveRun } from '../../state/liveRun.js';

export interface LiveCurves {
  loss: LineSeries[];
  accuracy: LineSeries[];
  pointCount: number;
}

export function liveCurves(run: LiveRun): LiveCurves {
  const epochs = run.epochs;
  const validated = epochs.filter((e) => e.valAccuracy !== null);
  const loss: LineSeries[] = [
    { name: 'train loss (per step)', points: run.batchPoints.map((p) => ({ x: p.x, y: p.loss })), color: '#4e79a7' },
    { name: 'train loss (epoch)', points: epochs.map((e) => ({ x: e.epoch, y: e.trainLoss })), color: '#1f4e79', dashed: true },
  ];
  if (validated.some((e) => e.valLoss !== null)) {
    loss.push({ name: 'validation loss', points: validated.filter((e) => e.valLoss !== null).map((e) => ({ x: e.epoch, y: e.valLoss as number })), color: '#e15759' });
  }
  const accuracy: LineSeries[] = [
    { name: 'train accuracy (per step)', points: run.batchPoints.map((p) => ({ x: p.x, y: p.accuracy })), color: '#4e79a7' },
    { name: 'train accuracy (epoch)', points: epochs.map((e) => ({ x: e.epoch, y: e.trainAccuracy })), color: '#1f4e79', dashed: true },
  ];
  if (validated.length > 0) {
    accuracy.push({ name: 'validation accuracy', points: validated.map((e) => ({ x: e.epoch, y: e.valAccuracy as number })), color: '#f28e2b' });
  }
  return { loss, accuracy, pointCount: run.batchPoints.length + epochs.length };
}
