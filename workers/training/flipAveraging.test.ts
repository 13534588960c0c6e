import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mirrorImages } from '../../common/augmentation/augmentImage.js';
import { SeededRandom } from '../../common/random.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { buildNetwork } from '../network.js';
import { FlipAveraging } from './flipAveraging.js';
import { TINY_ARCHITECTURE } from './trainingFixture.js';

const shape = TINY_ARCHITECTURE.input;

function softmax(logits: ArrayLike<number>, offset: number, classes: number): number[] {
  const values = Array.from({ length: classes }, (_, c) => logits[offset + c]);
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

test('probabilities are the mean of the image’s and its mirror’s; prediction and loss follow from the mean', () => {
  const net = buildNetwork(TINY_ARCHITECTURE, { backend: referenceBackend, maxBatch: 3, seed: 2, numClasses: 4 });
  const random = new SeededRandom(5);
  const input = Float64Array.from({ length: 3 * 64 }, () => random.nextNormal());
  const labels = [0, 3, 2];

  const asIs = net.forward(input.slice(), 3, false).slice();
  const mirroredInput = input.slice();
  mirrorImages(mirroredInput, 3, shape);
  const mirrored = net.forward(mirroredInput, 3, false).slice();
  const expected = [0, 1, 2].map((n) => softmax(asIs, n * 4, 4).map((p, c) => (p + softmax(mirrored, n * 4, 4)[c]) / 2));

  const seen: { label: number; predicted: number; probabilities: number[] }[] = [];
  const result = new FlipAveraging(net, shape, 4).evaluate(input, labels, 3, (offset, label, predicted, probabilities) => {
    seen[offset] = { label, predicted, probabilities: Array.from(probabilities) };
  });
  let lossSum = 0;
  let correct = 0;
  for (let n = 0; n < 3; n++) {
    seen[n].probabilities.forEach((p, c) => assert.equal(p, Math.fround(expected[n][c]), `image ${n} class ${c}`));
    const best = expected[n].indexOf(Math.max(...expected[n]));
    assert.equal(seen[n].predicted, best);
    lossSum -= Math.log(expected[n][labels[n]]);
    if (best === labels[n]) correct++;
  }
  assert.ok(Math.abs(result.lossSum - lossSum) < 1e-12);
  assert.equal(result.correct, correct);
});

test('a probability float32 would round to 0 still gives a finite loss', () => {
  // One dense layer whose bias makes class 0 overwhelmingly likely.
  const spec = { ...TINY_ARCHITECTURE, layers: [{ type: 'flatten' as const }, { type: 'dense' as const, units: 2 }, { type: 'softmaxCrossEntropy' as const }] };
  const net = buildNetwork(spec, { backend: referenceBackend, maxBatch: 1, seed: 1, numClasses: 2 });
  net.paramValues.fill(0);
  net.paramValues[net.paramCount - 2] = 200;
  const result = new FlipAveraging(net, shape, 2).evaluate(new Float64Array(64), [1], 1, () => {});
  assert.ok(Math.abs(result.lossSum - 200) < 1e-9, `loss ${result.lossSum}`);
});
