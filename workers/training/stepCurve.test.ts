import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_POINTS_PER_EPOCH, StepCurve } from './stepCurve.js';

describe('StepCurve', () => {
  it('keeps one point per step on short epochs, at the step’s fractional epoch', () => {
    const curve = new StepCurve(4);
    for (let step = 1; step <= 4; step++) curve.add(2, step, step * 10, step, 10);
    assert.deepEqual(
      curve.take().map((p) => [p.x, p.loss, p.accuracy]),
      [[1.25, 1, 0.1], [1.5, 2, 0.2], [1.75, 3, 0.3], [2, 4, 0.4]],
    );
    assert.deepEqual(curve.take(), []);
  });

  it('pools long epochs into at most the bounded number of points, each step counted once', () => {
    const steps = 1000;
    const curve = new StepCurve(steps);
    for (let step = 1; step <= steps; step++) curve.add(1, step, step <= 500 ? 64 * 2 : 64 * 1, 32, 64);
    const points = curve.take();
    assert.ok(points.length <= STEP_POINTS_PER_EPOCH, `got ${points.length} points`);
    assert.equal(points.at(-1)?.x, 1);
    const meanLoss = points.reduce((sum, p) => sum + p.loss, 0) / points.length;
    assert.equal(meanLoss, 1.5);
    assert.ok(points.every((p) => p.accuracy === 0.5));
  });

  it('closes the last stretch of an epoch whose steps do not divide evenly', () => {
    const curve = new StepCurve(250);
    for (let step = 1; step <= 250; step++) curve.add(1, step, 1, 1, 1);
    const points = curve.take();
    assert.equal(points.at(-1)?.x, 1);
    assert.equal(points.length, 84);
  });
});
