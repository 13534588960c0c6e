import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivationPattern } from '../gradcheck/activationPattern.js';
import { allCoordinates, checkTensor, MAX_RELATIVE_ERROR } from '../gradcheck/finiteDifference.js';
import { SMALL_CLASSES, smallArchitecture, smallNetworkAndImage } from './insightFixture.js';
import { classSaliency, classScoreGradient } from './saliency.js';

test('∂logit/∂pixel from backpropagation matches float64 finite differences for every class and pixel', () => {
  const { net, x } = smallNetworkAndImage();
  for (let c = 0; c < SMALL_CLASSES; c++) {
    const analytic = Float64Array.from(classScoreGradient(net, x, c));
    net.forward(x, 1, false);
    const pattern = new ActivationPattern(net.layers, 1);
    const check = checkTensor({
      layer: `class ${c}`,
      param: 'input',
      values: x,
      analytic,
      coordinates: allCoordinates(x.length),
      evaluate: () => net.forward(x, 1, false)[c],
      samePattern: () => pattern.matches(),
    });
    assert.ok(check.coordinates > x.length / 2, `class ${c}: only ${check.coordinates} of ${x.length} pixels away from kinks`);
    assert.ok(check.maxRelError < MAX_RELATIVE_ERROR, `class ${c}: relative error ${check.maxRelError}`);
    assert.ok(analytic.some((g) => g !== 0), 'the gradient is not trivially zero');
  }
});

test('the saliency maps are max |gradient| and Σ x·gradient over channels', () => {
  const { net, x } = smallNetworkAndImage();
  const gradient = Float64Array.from(classScoreGradient(net, x, 1));
  const saliency = classSaliency(net, x, 1);
  const area = 36;
  assert.equal(saliency.classIndex, 1);
  assert.deepEqual([saliency.gradient.height, saliency.gradient.width, saliency.gradient.values.length], [6, 6, area]);
  for (const p of [0, 7, 35]) {
    assert.equal(saliency.gradient.values[p], Math.max(Math.abs(gradient[p]), Math.abs(gradient[area + p])));
    assert.ok(Math.abs(saliency.gradientTimesInput.values[p] - (x[p] * gradient[p] + x[area + p] * gradient[area + p])) < 1e-12);
  }
});

test('a class outside the network is refused', () => {
  const { net, x } = smallNetworkAndImage();
  assert.throws(() => classScoreGradient(net, x, SMALL_CLASSES), /class 3 is outside 0\.\.2/);
});

test('with a logit scale the score is s·logit: the gradient is s times the unscaled one', () => {
  const scaledArchitecture = { ...smallArchitecture, layers: [...smallArchitecture.layers.slice(0, -1), { type: 'softmaxCrossEntropy' as const, logitScale: 1 / 9 }] };
  const plain = smallNetworkAndImage();
  const scaled = smallNetworkAndImage(1, 3, scaledArchitecture);
  for (let c = 0; c < SMALL_CLASSES; c++) {
    const expected = Array.from(classScoreGradient(plain.net, plain.x, c), (g) => g / 9);
    const actual = classScoreGradient(scaled.net, scaled.x, c);
    expected.forEach((g, k) => assert.ok(Math.abs(actual[k] - g) <= 1e-12 * Math.max(1, Math.abs(g)), `class ${c}, pixel ${k}: ${actual[k]} vs ${g}`));
  }
});
