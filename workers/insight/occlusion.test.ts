import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { referenceBackend } from '../kernels/reference/index.js';
import { buildInspectionNetwork } from './inspectionNetwork.js';
import { smallNetworkAndImage } from './insightFixture.js';
import { defaultOcclusion, occlusionMap, patchStarts } from './occlusion.js';

test('patches cover the whole side, the last one flush with the far edge', () => {
  assert.deepEqual(patchStarts(28, 4, 2), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
  assert.deepEqual(patchStarts(7, 3, 3), [0, 3, 4]);
  assert.deepEqual(patchStarts(2, 4, 2), [0]);
  assert.deepEqual(defaultOcclusion(28, 28), { patch: 4, stride: 2 });
  assert.deepEqual(defaultOcclusion(32, 32), { patch: 5, stride: 2 });
});

test('a class that only looks at the top-left quarter: hiding anything else changes nothing', () => {
  // One dense layer on a 1×4×4 image: logit 0 = Σ of the top-left 2×2 pixels, logit 1 = 0.
  const architecture: ArchitectureSpec = {
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: 'quarter',
    input: { channels: 1, height: 4, width: 4 },
    layers: [{ type: 'dense', units: 2 }, { type: 'softmaxCrossEntropy' }],
  };
  const weights = new Float64Array(2 * 16 + 2);
  for (const pixel of [0, 1, 4, 5]) weights[pixel] = 1;
  const net = buildInspectionNetwork({ architecture, numClasses: 2, weights, backend: referenceBackend, maxBatch: 3 });
  const x = Float64Array.from({ length: 16 }, () => 0.5);
  const map = occlusionMap(net, x, 0, { patch: 1, stride: 1 });
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  // Hiding one of the four pixels lowers logit 0 from 2 to 1.5.
  const expected = sigmoid(2) - sigmoid(1.5);
  map.values.forEach((value, pixel) => {
    const inside = [0, 1, 4, 5].includes(pixel);
    assert.ok(Math.abs(value - (inside ? expected : 0)) < 1e-12, `pixel ${pixel}: ${value}`);
  });
});

test('each pixel gets the mean drop over the patches covering it, batched or not', () => {
  const one = smallNetworkAndImage(1);
  const many = smallNetworkAndImage(7);
  const options = { patch: 3, stride: 2 };
  const single = occlusionMap(one.net, one.x, 2, options);
  const batched = occlusionMap(many.net, many.x, 2, options);
  assert.deepEqual([single.height, single.width, single.patch, single.stride], [6, 6, 3, 2]);
  single.values.forEach((value, p) => assert.ok(Math.abs(value - batched.values[p]) < 1e-12));

  // By hand for pixel (0, 0), covered only by the patch at (0, 0).
  const base = one.net.forward(one.x, 1, false) && one.net.probabilities()[2];
  const hidden = Float64Array.from(one.x);
  for (const c of [0, 1]) for (const i of [0, 1, 2]) for (const j of [0, 1, 2]) hidden[c * 36 + i * 6 + j] = 0;
  const copy = one.net.options.backend.createBuffer(hidden.length);
  copy.set(hidden);
  one.net.forward(copy, 1, false);
  assert.ok(Math.abs(single.values[0] - (base - one.net.probabilities()[2])) < 1e-12);
});
