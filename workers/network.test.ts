import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layerCost, totalParams } from '../common/arch/params.js';
import { PRESETS } from '../common/arch/presets.js';
import { inferShapes } from '../common/arch/shapes.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec, type LayerSpec } from '../common/arch/spec.js';
import { SeededRandom } from '../common/random.js';
import { createReferenceBackend, referenceBackend } from './kernels/reference/index.js';
import { buildNetwork } from './network.js';

function architecture(layers: LayerSpec[], input = { channels: 2, height: 6, width: 6 }): ArchitectureSpec {
  return { format: ARCHITECTURE_FORMAT, version: ARCHITECTURE_VERSION, name: 'small', input, layers };
}

/** conv → relu → pool → dense straight from the feature map (implicit flatten) → dropout → dense → loss. */
const SMALL = architecture([
  { type: 'conv2d', filters: 3, kernelSize: 3, padding: 1 },
  { type: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'dense', units: 5 },
  { type: 'relu' },
  { type: 'dropout', rate: 0.3 },
  { type: 'dense', units: 4 },
  { type: 'softmaxCrossEntropy' },
]);

function randomBatch(length: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length }, () => random.nextNormal());
}

const options = { backend: referenceBackend, maxBatch: 4, seed: 1, numClasses: 4 };

test('parameter counts match the shared formulas and the report for every preset', () => {
  // Trained parameters and running statistics (the modern presets' batch norms store 2C each).
  const expected: Record<string, [number, number]> = {
    'mnist-baseline': [14682, 0],
    'cifar-baseline': [60352, 0],
    'cifar-best': [39652, 0],
    'mnist-best': [35834, 320],
    'cifar-fast': [289194, 896],
    'cifar-wide': [1973666, 2304],
  };
  for (const preset of PRESETS) {
    const spec = preset.architecture;
    const net = buildNetwork(spec, { ...options, maxBatch: 1, numClasses: 10 });
    const costs = inferShapes(spec).layers.map((info) => layerCost(spec.layers[info.index], info));
    const statistics = costs.reduce((sum, cost) => sum + cost.statistics, 0);
    assert.equal(net.trainedCount, totalParams(costs), preset.id);
    assert.deepEqual([net.trainedCount, statistics], expected[preset.id], preset.id);
    // Fixed tensors (cifar-wide's patch-whitening filters, 288 values) are stored but neither trained nor statistics.
    const fixed = costs.reduce((sum, cost) => sum + cost.fixed, 0);
    assert.equal(net.paramCount, net.trainedCount + statistics + fixed, preset.id);
    assert.equal(net.getWeights().length, net.paramCount);
  }
});

test('shape errors name the layer', () => {
  const bad = architecture([{ type: 'conv2d', filters: 2, kernelSize: 9 }, { type: 'dense', units: 4 }, { type: 'softmaxCrossEntropy' }]);
  assert.throws(() => buildNetwork(bad, options), /"small" cannot be built: layer 0 \(conv2d\) field kernelSize: output height/);
  assert.throws(() => buildNetwork(SMALL, { ...options, numClasses: 10 }), /layer 7 \(softmaxCrossEntropy\).*10 classes/);
});

test('weights are flat in layer order, weights before bias, and round-trip', () => {
  const net = buildNetwork(SMALL, options);
  const weights = net.getWeights();
  let offset = 0;
  for (const param of net.params()) {
    assert.deepEqual(Array.from(weights.subarray(offset, offset + param.value.length)), Array.from(Float32Array.from(param.value)));
    offset += param.value.length;
  }
  assert.deepEqual(net.params().map((p) => p.name), ['weights', 'bias', 'weights', 'bias', 'weights', 'bias']);
  assert.deepEqual(net.params()[2].shape, [5, 27]);

  const other = buildNetwork(SMALL, { ...options, seed: 2 });
  other.setWeights(weights);
  assert.deepEqual(Array.from(other.getWeights()), Array.from(weights));
  const third = buildNetwork(SMALL, { ...options, seed: 3 });
  third.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
  assert.deepEqual(Array.from(third.paramValues), Array.from(net.paramValues));
  assert.throws(() => other.setWeights(new Float32Array(3)), /got 3 weights, the network has/);
});

test('a smaller batch gives the same results as the same images in a larger batch', () => {
  const net = buildNetwork(SMALL, options);
  const x = randomBatch(4 * net.inputSize, 1);
  const four = Array.from(net.forward(x, 4, false));
  const probabilities = Array.from(net.probabilities());
  const two = Array.from(net.forward(x, 2, false));
  assert.equal(two.length, 2 * 4);
  assert.deepEqual(two, four.slice(0, 8));
  for (let n = 0; n < 4; n++) {
    const sum = probabilities.slice(n * 4, n * 4 + 4).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
});

test('chunks scaled by 1/(total batch) add up to the whole batch’s gradient', () => {
  const whole = buildNetwork(SMALL, options);
  const x = randomBatch(4 * whole.inputSize, 2);
  const labels = Uint8Array.of(0, 3, 1, 2);
  whole.forward(x, 4, true, { step: 5, firstSample: 0 });
  const wholeLoss = whole.lossAndGradient(labels, 4);
  whole.backward();

  const workers = [0, 1].map(() => buildNetwork(SMALL, { ...options, maxBatch: 2, paramValues: whole.paramValues }));
  const summed = new Float64Array(whole.paramCount);
  let lossSum = 0;
  workers.forEach((worker, i) => {
    const chunk = x.subarray(i * 2 * worker.inputSize, (i + 1) * 2 * worker.inputSize);
    worker.forward(chunk, 2, true, { step: 5, firstSample: 2 * i });
    lossSum += worker.lossAndGradient(labels.subarray(2 * i), 2, 1 / 4).lossSum;
    worker.backward();
    worker.paramGrads.forEach((g, k) => (summed[k] += g));
  });
  assert.ok(Math.abs(lossSum / 4 - wholeLoss.loss) < 1e-12);
  summed.forEach((g, k) => assert.ok(Math.abs(g - whole.paramGrads[k]) < 1e-12, `gradient ${k}`));
});

test('networks built on shared parameter values see each other’s updates but keep their own gradients', () => {
  const backend = createReferenceBackend('float32');
  const owner = buildNetwork(SMALL, { ...options, backend });
  const sharer = buildNetwork(SMALL, { ...options, backend, seed: 99, paramValues: owner.paramValues });
  assert.deepEqual(Array.from(sharer.getWeights()), Array.from(owner.getWeights()), 'shared values are not re-initialised');
  const x = backend.createBuffer(owner.inputSize);
  x.set(randomBatch(owner.inputSize, 3));
  owner.forward(x, 1, false);
  owner.lossAndGradient([1], 1);
  owner.backward();
  assert.ok(sharer.paramGrads.every((g) => g === 0), 'the sharer’s gradients are untouched');
  owner.paramValues[0] += 1;
  assert.equal(sharer.params()[0].value[0], owner.params()[0].value[0]);
  assert.throws(() => buildNetwork(SMALL, { ...options, paramValues: new Float64Array(5) }), /paramValues holds 5 values/);
});

test('forward rejects a batch larger than maxBatch', () => {
  const net = buildNetwork(SMALL, options);
  assert.throws(() => net.forward(new Float64Array(5 * net.inputSize), 5, false), /batch 5 is outside 1\.\.4/);
});

function withLogitScale(spec: ArchitectureSpec, logitScale: number): ArchitectureSpec {
  return { ...spec, layers: spec.layers.map((layer) => (layer.type === 'softmaxCrossEntropy' ? { ...layer, logitScale } : layer)) };
}

test('a loss with logitScale 1 trains bit for bit as one without the field, in float64 and float32', () => {
  for (const backend of [referenceBackend, createReferenceBackend('float32')]) {
    const run = (spec: ArchitectureSpec) => {
      const net = buildNetwork(spec, { ...options, backend });
      const x = backend.createBuffer(4 * net.inputSize);
      x.set(randomBatch(4 * net.inputSize, 4));
      const scores = Array.from(net.forward(x, 4, true, { step: 2, firstSample: 0 }));
      const loss = net.lossAndGradient(Uint8Array.of(3, 0, 2, 1), 4, 1 / 4, 0.1);
      const inputGrad = backend.createBuffer(4 * net.inputSize);
      net.backward(inputGrad);
      return { scores, probabilities: Array.from(net.probabilities()), loss, grads: Array.from(net.paramGrads), inputGrad: Array.from(inputGrad) };
    };
    assert.deepEqual(run(withLogitScale(SMALL, 1)), run(SMALL));
  }
});

test('a loss with a logit scale: forward gives s·logits and probabilities() their softmax', () => {
  const plain = buildNetwork(SMALL, options);
  const scaled = buildNetwork(withLogitScale(SMALL, 1 / 9), options);
  const x = randomBatch(4 * plain.inputSize, 5);
  const logits = Array.from(plain.forward(x, 4, false));
  const scores = Array.from(scaled.forward(x, 4, false));
  assert.deepEqual(scores, logits.map((logit) => (1 / 9) * logit));
  const probabilities = scaled.probabilities();
  for (let n = 0; n < 4; n++) {
    const row = scores.slice(4 * n, 4 * n + 4);
    const sum = row.reduce((a, z) => a + Math.exp(z), 0);
    row.forEach((z, c) => assert.ok(Math.abs(probabilities[4 * n + c] - Math.exp(z) / sum) < 1e-15));
  }
  // The loss is the cross-entropy of softmax(s·logits).
  const loss = scaled.lossAndGradient(Uint8Array.of(0, 1, 2, 3), 4);
  const expected = [0, 1, 2, 3].reduce((total, label, n) => total - Math.log(probabilities[4 * n + label]), 0) / 4;
  assert.ok(Math.abs(loss.loss - expected) < 1e-12);
});
