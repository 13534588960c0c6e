import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../kernels/reference/index.js';
import { SoftmaxCrossEntropy } from './softmaxCrossEntropy.js';

function close(actual: ArrayLike<number>, expected: number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, k) => assert.ok(Math.abs(actual[k] - value) <= tolerance, `element ${k}: ${actual[k]} vs ${value}`));
}

test('known logits: loss, probabilities and (softmax − onehot)/batch', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 2, 0, 2);
  // Image 0: logits (0, 0) → p = (½, ½), label 0, loss ln 2.
  // Image 1: logits (0, ln 3) → p = (¼, ¾), label 1, loss ln(4/3).
  head.forward(Float64Array.of(0, 0, 0, Math.log(3)), 2);
  close(head.probabilities, [0.5, 0.5, 0.25, 0.75]);
  const grad = new Float64Array(4);
  const result = head.lossAndGradient([0, 1], 1 / 2, grad);
  close([result.loss, result.lossSum], [(Math.LN2 + Math.log(4 / 3)) / 2, Math.LN2 + Math.log(4 / 3)]);
  close(grad, [(0.5 - 1) / 2, 0.5 / 2, 0.25 / 2, (0.75 - 1) / 2]);
  // Image 0 ties: the first class wins, which is its label; image 1's best is its label.
  assert.equal(result.correct, 2);
});

test('the scale is the trainer’s: a chunk of a larger batch divides by the total batch', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 1, 0, 2);
  head.forward(Float64Array.of(0, 0), 1);
  const grad = new Float64Array(2);
  head.lossAndGradient([1], 1 / 64, grad);
  close(grad, [0.5 / 64, -0.5 / 64]);
});

test('huge logits stay finite through log-sum-exp', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 1, 0, 3);
  head.forward(Float64Array.of(1000, 0, -1000), 1);
  const grad = new Float64Array(3);
  const result = head.lossAndGradient([1], 1, grad);
  assert.equal(result.loss, 1000);
  close(grad, [1, -1, 0]);
  assert.equal(result.correct, 0);
});

test('a label outside the classes is an error naming the image', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 2, 9, 3);
  head.forward(new Float64Array(6), 2);
  assert.throws(() => head.lossAndGradient([0, 3], 1, new Float64Array(6)), /softmaxCrossEntropy#9: label 3 of image 1 is outside 0\.\.2/);
});
