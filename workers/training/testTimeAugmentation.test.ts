import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mirrorImages, shiftImages } from '../../common/augmentation/augmentImage.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { buildNetwork, type Network } from '../network.js';
import { TestTimeAugmentation, testTimeViews } from './testTimeAugmentation.js';
import { TINY_ARCHITECTURE } from './trainingFixture.js';

const shape = TINY_ARCHITECTURE.input;
const CLASSES = 4;

function softmax(logits: ArrayLike<number>, offset: number, classes: number): number[] {
  const values = Array.from({ length: classes }, (_, c) => logits[offset + c]);
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Each image's probabilities in one view, computed directly: move, then mirror, then forward. */
function viewProbabilities(net: Network, input: Float64Array, count: number, move: number, mirror: boolean, reflect: boolean): number[][] {
  const view = input.slice();
  if (move !== 0) shiftImages(input, view, count, shape, move, reflect);
  if (mirror) mirrorImages(view, count, shape);
  const logits = net.forward(view, count, false).slice();
  return Array.from({ length: count }, (_, n) => softmax(logits, n * CLASSES, CLASSES));
}

function checkAgainstDirectMean(flip: boolean, shift: number, expectedViews: [number, boolean, number][], reflect = false): void {
  const net = buildNetwork(TINY_ARCHITECTURE, { backend: referenceBackend, maxBatch: 3, seed: 2, numClasses: CLASSES });
  const random = new SeededRandom(5);
  const input = Float64Array.from({ length: 3 * 64 }, () => random.nextNormal());
  const labels = [0, 3, 2];
  const expected = [0, 1, 2].map(() => new Array<number>(CLASSES).fill(0));
  for (const [move, mirror, weight] of expectedViews) {
    viewProbabilities(net, input, 3, move, mirror, reflect).forEach((p, n) => p.forEach((value, c) => (expected[n][c] += weight * value)));
  }

  const seen: { predicted: number; probabilities: number[] }[] = [];
  const result = new TestTimeAugmentation(net, shape, CLASSES, flip, reflect).evaluate(
    input.slice(),
    labels,
    3,
    (offset, _label, predicted, probabilities) => {
      seen[offset] = { predicted, probabilities: Array.from(probabilities) };
    },
    shift,
  );
  let lossSum = 0;
  let correct = 0;
  for (let n = 0; n < 3; n++) {
    seen[n].probabilities.forEach((p, c) => assert.ok(Math.abs(p - expected[n][c]) < 1e-6, `image ${n} class ${c}: ${p} vs ${expected[n][c]}`));
    const best = expected[n].indexOf(Math.max(...expected[n]));
    assert.equal(seen[n].predicted, best);
    lossSum -= Math.log(expected[n][labels[n]]);
    if (best === labels[n]) correct++;
  }
  assert.ok(Math.abs(result.lossSum - lossSum) < 1e-12, `loss ${result.lossSum} vs ${lossSum}`);
  assert.equal(result.correct, correct);
}

test('flip: probabilities are the mean of the image’s and its mirror’s; prediction and loss follow from the mean', () => {
  checkAgainstDirectMean(true, 0, [
    [0, false, 1 / 2],
    [0, true, 1 / 2],
  ]);
});

test('shift: the unmoved image keeps half the weight, the images moved down-right and up-left a quarter each', () => {
  checkAgainstDirectMean(false, 1, [
    [0, false, 1 / 2],
    [1, false, 1 / 4],
    [-1, false, 1 / 4],
  ]);
});

test('flip and shift: six views, each mirror sharing its view’s weight (airbench’s translate and mirror averaging)', () => {
  checkAgainstDirectMean(true, 2, [
    [0, false, 1 / 4],
    [0, true, 1 / 4],
    [2, false, 1 / 8],
    [2, true, 1 / 8],
    [-2, false, 1 / 8],
    [-2, true, 1 / 8],
  ]);
});

test('flip and shift with reflected borders, for runs whose crops reflect: the same six views and weights', () => {
  checkAgainstDirectMean(
    true,
    1,
    [
      [0, false, 1 / 4],
      [0, true, 1 / 4],
      [1, false, 1 / 8],
      [1, true, 1 / 8],
      [-1, false, 1 / 8],
      [-1, true, 1 / 8],
    ],
    true,
  );
});

test('the views’ weights sum to 1 whatever the settings', () => {
  for (const flip of [false, true]) {
    for (const shift of [0, 1, 3]) {
      const views = testTimeViews(flip, shift);
      assert.equal(views.length, (flip ? 2 : 1) * (shift > 0 ? 3 : 1));
      assert.ok(Math.abs(views.reduce((sum, view) => sum + view.weight, 0) - 1) < 1e-15);
    }
  }
});

test('shiftImages moves every channel diagonally and fills the uncovered edge with 0, the mean colour', () => {
  // Two channels of a 3×3 image: 1..9 and 11..19.
  const source = Float64Array.from({ length: 18 }, (_, i) => (i < 9 ? i + 1 : i + 2));
  const target = new Float64Array(18).fill(-1);
  shiftImages(source, target, 1, { channels: 2, height: 3, width: 3 }, 1);
  assert.deepEqual(Array.from(target), [0, 0, 0, 0, 1, 2, 0, 4, 5, 0, 0, 0, 0, 11, 12, 0, 14, 15]);
  shiftImages(source, target, 1, { channels: 2, height: 3, width: 3 }, -1);
  assert.deepEqual(Array.from(target), [5, 6, 0, 8, 9, 0, 0, 0, 0, 15, 16, 0, 18, 19, 0, 0, 0, 0]);
  // Reflecting, the uncovered row and column repeat the ones next to the edge (PyTorch's 'reflect').
  shiftImages(source, target, 1, { channels: 2, height: 3, width: 3 }, 1, true);
  assert.deepEqual(Array.from(target), [5, 4, 5, 2, 1, 2, 5, 4, 5, 15, 14, 15, 12, 11, 12, 15, 14, 15]);
  shiftImages(source, target, 1, { channels: 2, height: 3, width: 3 }, -1, true);
  assert.deepEqual(Array.from(target), [5, 6, 5, 8, 9, 8, 5, 6, 5, 15, 16, 15, 18, 19, 18, 15, 16, 15]);
});

test('a probability float32 would round to 0 still gives a finite loss', () => {
  // One dense layer whose bias makes class 0 overwhelmingly likely.
  const spec = { ...TINY_ARCHITECTURE, layers: [{ type: 'flatten' as const }, { type: 'dense' as const, units: 2 }, { type: 'softmaxCrossEntropy' as const }] };
  const net = buildNetwork(spec, { backend: referenceBackend, maxBatch: 1, seed: 1, numClasses: 2 });
  net.paramValues.fill(0);
  net.paramValues[net.paramCount - 2] = 200;
  for (const shift of [0, 1]) {
    const result = new TestTimeAugmentation(net, shape, 2, true).evaluate(new Float64Array(64), [1], 1, () => {}, shift);
    assert.ok(Math.abs(result.lossSum - 200) < 1e-9, `shift ${shift}: loss ${result.lossSum}`);
  }
});
