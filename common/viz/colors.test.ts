import { test } from 'node:test';
import assert from 'node:assert/strict';
import { divergingColor, interpolateStops, seriesColor, sequentialColor, textColorOn } from './colors.js';

test('interpolates halfway between two stops', () => {
  assert.deepEqual(interpolateStops([[0, 0, 0], [255, 100, 10]], 0.5), [128, 50, 5]);
});

test('clamps t outside [0, 1] and treats NaN as 0', () => {
  const stops = [[10, 20, 30], [40, 50, 60]] as const;
  assert.deepEqual(interpolateStops(stops, -3), [10, 20, 30]);
  assert.deepEqual(interpolateStops(stops, 7), [40, 50, 60]);
  assert.deepEqual(interpolateStops(stops, Number.NaN), [10, 20, 30]);
});

test('the sequential ramp darkens monotonically', () => {
  const sums = [0, 0.25, 0.5, 0.75, 1].map((t) => sequentialColor(t).reduce((a, b) => a + b, 0));
  for (let i = 1; i < sums.length; i++) assert.ok(sums[i] < sums[i - 1]);
});

test('the diverging ramp is near-white at zero, red below and blue above', () => {
  assert.deepEqual(divergingColor(0), [247, 247, 247]);
  const [r1, , b1] = divergingColor(-1);
  const [r2, , b2] = divergingColor(1);
  assert.ok(r1 > b1, 'negative is red');
  assert.ok(b2 > r2, 'positive is blue');
});

test('text is dark on light cells and light on dark cells', () => {
  assert.equal(textColorOn(sequentialColor(0)), '#000');
  assert.equal(textColorOn(sequentialColor(1)), '#fff');
});

test('series colours are distinct for ten runs and cycle after', () => {
  const colours = Array.from({ length: 10 }, (_, i) => seriesColor(i));
  assert.equal(new Set(colours).size, 10);
  assert.equal(seriesColor(10), seriesColor(0));
});
