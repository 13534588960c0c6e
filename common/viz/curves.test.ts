import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestEpoch, comparisonSeries, runCurves } from './curves.js';
import type { EpochMetrics } from '../runs.js';

const epoch = (n: number, valAccuracy: number | null, trainLoss = 1 / n): EpochMetrics => ({
  epoch: n,
  trainLoss,
  trainAccuracy: 1 - trainLoss / 2,
  valLoss: valAccuracy === null ? null : 1 - valAccuracy,
  valAccuracy,
  learningRate: 0.01,
  durationMs: 1000,
  imagesPerSecond: 500,
});

test('best epoch is the one with the highest validation accuracy, earliest on ties', () => {
  assert.equal(bestEpoch([epoch(1, 0.9), epoch(2, 0.95), epoch(3, 0.95), epoch(4, 0.93)]), 2);
});

test('no validation data means no best epoch', () => {
  assert.equal(bestEpoch([epoch(1, null), epoch(2, null)]), null);
  assert.equal(bestEpoch([]), null);
});

test('curves hold train (dashed) and validation series sorted by epoch', () => {
  const { loss, accuracy } = runCurves([epoch(2, 0.9), epoch(1, 0.8)], 'run 1 ');
  assert.deepEqual(loss.map((s) => s.name), ['run 1 train', 'run 1 validation']);
  assert.equal(loss[0].dashed, true);
  assert.deepEqual(loss[0].points.map((p) => p.x), [1, 2]);
  assert.deepEqual(accuracy[1].points, [
    { x: 1, y: 0.8 },
    { x: 2, y: 0.9 },
  ]);
});

test('a run without a validation split has only the train series', () => {
  const { accuracy } = runCurves([epoch(1, null)]);
  assert.deepEqual(accuracy.map((s) => s.name), ['train']);
});

test('comparison series: one per run, validation when present, train (dashed, named) otherwise', () => {
  const series = comparisonSeries(
    [
      { id: 3, name: 'baseline', epochs: [epoch(1, 0.9), epoch(2, 0.92)] },
      { id: 5, name: 'no-val', epochs: [epoch(1, null, 0.5)] },
    ],
    'accuracy',
    (index) => ['red', 'blue'][index],
  );
  assert.deepEqual(series.map((s) => [s.name, s.color, s.dashed]), [
    ['#3 baseline', 'red', false],
    ['#5 no-val (train)', 'blue', true],
  ]);
  assert.deepEqual(series[0].points.map((p) => p.y), [0.9, 0.92]);
  assert.deepEqual(series[1].points, [{ x: 1, y: 0.75 }]);
});
