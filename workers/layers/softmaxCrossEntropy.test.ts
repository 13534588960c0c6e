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

test('label smoothing: known loss and gradient softmax − ((1 − ε)·onehot + ε/K)', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 1, 0, 2);
  // Logits (0, ln 3) → p = (¼, ¾), label 1, ε = 0.2, K = 2: targets (0.1, 0.9),
  // loss −0.1·ln ¼ − 0.9·ln ¾.
  head.forward(Float64Array.of(0, Math.log(3)), 1);
  const grad = new Float64Array(2);
  const result = head.lossAndGradient([1], 1, grad, 0.2);
  close([result.loss], [-0.1 * Math.log(0.25) - 0.9 * Math.log(0.75)]);
  close(grad, [0.25 - 0.1, 0.75 - 0.9]);
  assert.equal(result.correct, 1);
});

for (const [scaleName, logitScale] of [['1', 1], ['1/9', 1 / 9], ['4', 4]] as const) {
  test(`label smoothing, logit scale ${scaleName}: the gradient matches float64 central differences of the loss`, () => {
    const classes = 4;
    const logits = Float64Array.of(1.5, -0.3, 0.2, 2.1, -1, 0.4, 0.9, 0.1);
    const labels = [2, 0];
    const head = new SoftmaxCrossEntropy(referenceBackend, 2, 0, classes, logitScale);
    const lossAt = (values: Float64Array) => {
      head.forward(values, 2);
      return head.lossAndGradient(labels, 1 / 2, new Float64Array(8), 0.1).loss;
    };
    head.forward(logits, 2);
    const analytic = new Float64Array(8);
    head.lossAndGradient(labels, 1 / 2, analytic, 0.1);
    const h = 1e-5;
    for (let k = 0; k < logits.length; k++) {
      const plus = logits.slice();
      const minus = logits.slice();
      plus[k] += h;
      minus[k] -= h;
      const numeric = (lossAt(plus) - lossAt(minus)) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[k]) < 1e-9, `logit ${k}: ${analytic[k]} vs ${numeric}`);
    }
  });
}

test('no smoothing is the plain loss, bit for bit', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 2, 0, 3);
  head.forward(Float64Array.of(0.3, -1, 2, 1, 1, 0), 2);
  const plain = new Float64Array(6);
  const zero = new Float64Array(6);
  const a = head.lossAndGradient([2, 0], 0.5, plain);
  const b = head.lossAndGradient([2, 0], 0.5, zero, 0);
  assert.deepEqual([a, zero], [b, plain]);
});

test('logit scale: known scores, probabilities, loss and gradient s·(softmax(s·x) − onehot)·scale', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 1, 0, 2, 0.5);
  // Logits (0, 2·ln 3), s = ½ → scores (0, ln 3), p = (¼, ¾), label 1:
  // loss ln(4/3), ∂L/∂x = ½·(¼, −¼)·(1/4) with the trainer's scale ¼.
  const scores = head.forward(Float64Array.of(0, 2 * Math.log(3)), 1);
  close(scores, [0, Math.log(3)]);
  close(head.probabilities, [0.25, 0.75]);
  const grad = new Float64Array(2);
  const result = head.lossAndGradient([1], 1 / 4, grad);
  close([result.loss, result.lossSum], [Math.log(4 / 3), Math.log(4 / 3)]);
  close(grad, [(0.5 * 0.25) / 4, (0.5 * -0.25) / 4]);
  assert.equal(result.correct, 1);
});

test('logit scale with label smoothing: the smoothed loss of softmax(s·x), gradient s·(softmax − targets)', () => {
  const head = new SoftmaxCrossEntropy(referenceBackend, 1, 0, 2, 1 / 9);
  // Logits (0, 9·ln 3), s = 1/9 → p = (¼, ¾), label 1, ε = 0.2: targets (0.1, 0.9).
  head.forward(Float64Array.of(0, 9 * Math.log(3)), 1);
  const grad = new Float64Array(2);
  const result = head.lossAndGradient([1], 1, grad, 0.2);
  close([result.loss], [-0.1 * Math.log(0.25) - 0.9 * Math.log(0.75)]);
  close(grad, [(0.25 - 0.1) / 9, (0.75 - 0.9) / 9]);
});

test('logit scale 1 is the unscaled loss bit for bit, and the scores are the logits themselves', () => {
  const logits = Float64Array.of(0.3, -1, 2, 1, 1, 0);
  const plain = new SoftmaxCrossEntropy(referenceBackend, 2, 0, 3);
  const one = new SoftmaxCrossEntropy(referenceBackend, 2, 0, 3, 1);
  const plainScores = plain.forward(logits, 2);
  const oneScores = one.forward(logits, 2);
  assert.equal(oneScores.buffer, logits.buffer, 'no copy at scale 1');
  assert.deepEqual(oneScores, plainScores);
  assert.deepEqual(one.probabilities, plain.probabilities);
  for (const smoothing of [0, 0.1]) {
    const [a, b] = [new Float64Array(6), new Float64Array(6)];
    assert.deepEqual(one.lossAndGradient([2, 0], 0.5, a, smoothing), plain.lossAndGradient([2, 0], 0.5, b, smoothing));
    assert.deepEqual(a, b);
  }
});

test('a logit scale that is not a positive number is refused naming the layer', () => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new SoftmaxCrossEntropy(referenceBackend, 1, 7, 2, bad), /softmaxCrossEntropy#7: logitScale must be a positive number/);
  }
});
