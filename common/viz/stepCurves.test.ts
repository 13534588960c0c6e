import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpochMetrics } from '../runs.js';
import { runCurves, stepComparisonSeries, stepSeriesPoints } from './curves.js';

const epoch = (n: number): EpochMetrics => ({
  epoch: n,
  trainLoss: 1 / n,
  trainAccuracy: n / 10,
  valLoss: null,
  valAccuracy: null,
  learningRate: 0.1,
  durationMs: 1,
  imagesPerSecond: 1,
});

test('the per-step train curve leads the run curves, in order, each position once', () => {
  const steps = [
    { x: 1, loss: 1, accuracy: 0.4 },
    { x: 0.5, loss: 2, accuracy: 0.2 },
    { x: 1, loss: 1, accuracy: 0.4 },
  ];
  const { loss, accuracy } = runCurves([epoch(1)], '', steps);
  assert.deepEqual(loss.map((s) => s.name), ['train (per step)', 'train (epoch)']);
  assert.deepEqual(loss[0].points, [{ x: 0.5, y: 2 }, { x: 1, y: 1 }]);
  assert.deepEqual(accuracy[0].points, [{ x: 0.5, y: 0.2 }, { x: 1, y: 0.4 }]);
  assert.deepEqual(runCurves([epoch(1)]).loss.map((s) => s.name), ['train'], 'runs without steps read as before');
});

test('compare draws each run’s step curve, or its per-epoch values (dashed, named so) when it has none', () => {
  const series = stepComparisonSeries(
    [
      { id: 1, name: 'a', epochs: [epoch(1)], trainSteps: [{ x: 0.5, loss: 2, accuracy: 0.1 }] },
      { id: 2, name: 'b', epochs: [epoch(1), epoch(2)] },
    ],
    'loss',
    (i) => `c${i}`,
  );
  assert.deepEqual(series.map((s) => [s.name, s.color, s.dashed, s.points.length]), [
    ['#1 a', 'c0', false, 1],
    ['#2 b (per epoch)', 'c1', true, 2],
  ]);
  assert.deepEqual(stepSeriesPoints([], (p) => p.loss), []);
});
