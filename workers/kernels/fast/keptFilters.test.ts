// A convolution's filter transform kept between calls (KeptFilters): with one
// weights version the kept transform gives the results of a fresh one bit for
// bit, a new version transforms the new weights, and a network forgets its
// version when its weights are set.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { SeededRandom } from '../../../common/random.js';
import { buildNetwork } from '../../network.js';
import { TINY_WINOGRAD_ARCHITECTURE } from '../../training/trainingFixture.js';
import type { Conv2dGeometry, KeptFilters } from '../backend.js';
import { createFastBackend, type FastBackend } from './fastBackend.js';
import { compileKernelModule, type KernelBuild } from './kernelModule.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const BUILDS: KernelBuild[] = ['simd', 'relaxed-simd'];

function conv(batch: number, inC: number, size: number, outC: number, k: number, padding: number): Conv2dGeometry {
  const out = size + 2 * padding - k + 1;
  return { batch, inChannels: inC, inHeight: size, inWidth: size, outChannels: outC, kernelH: k, kernelW: k, stride: 1, padding, outHeight: out, outWidth: out };
}

const GEOMETRIES: Conv2dGeometry[] = [
  conv(3, 16, 16, 24, 3, 1), // F(4×4, 3×3)
  conv(3, 16, 8, 12, 3, 1), // F(4×4) as one 2×2 block of tiles
  conv(2, 16, 4, 16, 3, 1), // F(2×2, 3×3), one block
  conv(2, 8, 9, 8, 5, 2), // F(2×2, 5×5)
  conv(2, 3, 8, 8, 3, 1), // 3 input channels: the direct kernel, nothing to keep
];

function filled(backend: FastBackend, random: SeededRandom, length: number): Float32Array {
  const buffer = backend.createBuffer(length);
  for (let i = 0; i < length; i++) buffer[i] = random.next() * 2 - 1;
  return buffer;
}

const emptyKept = (weightsVersion: number): KeptFilters => ({ buffer: null, holds: undefined, weightsVersion });

for (const build of BUILDS) {
  test(`${build}: kept filter transforms give the fresh results bit for bit until the weights version changes`, () => {
    const backend = createFastBackend({ memoryBytes: 64 * 1024 * 1024, module: compileKernelModule(build) });
    for (const g of GEOMETRIES) {
      const what = JSON.stringify(g);
      const random = new SeededRandom(g.inChannels * 100 + g.outHeight);
      const xSize = g.batch * g.inChannels * g.inHeight * g.inWidth;
      const ySize = g.batch * g.outChannels * g.outHeight * g.outWidth;
      const wSize = g.outChannels * g.inChannels * g.kernelH * g.kernelW;
      const [x1, x2, w1, w2, dy] = [xSize, xSize, wSize, wSize, ySize].map((n) => filled(backend, random, n));
      const b = filled(backend, random, g.outChannels);
      const forward = (x: Float32Array, w: Float32Array, kept?: KeptFilters) => {
        const y = backend.createBuffer(ySize);
        backend.conv2dRelu(x, w, b, y, g, kept);
        return Array.from(y);
      };
      const inputGradient = (w: Float32Array, kept?: KeptFilters) => {
        const dx = backend.createBuffer(xSize);
        backend.conv2dBackwardInput(dy, w, dx, g, kept);
        return Array.from(dx);
      };
      const winograd = backend.usesWinograd(g);

      const keptForward = emptyKept(1);
      assert.deepEqual(forward(x1, w1, keptForward), forward(x1, w1), `${what}: first call`);
      assert.equal(keptForward.buffer !== null, winograd, `${what}: memory kept only for a transform`);
      assert.deepEqual(forward(x2, w1, keptForward), forward(x2, w1), `${what}: other images, the kept transform`);
      if (winograd) {
        // The caller's contract: new weights come with a new version. Proof that the transform is kept, not redone:
        assert.deepEqual(forward(x1, w2, keptForward), forward(x1, w1), `${what}: same version, the old weights' transform`);
      }
      keptForward.weightsVersion = 2;
      assert.deepEqual(forward(x1, w2, keptForward), forward(x1, w2), `${what}: a new version transforms the new weights`);
      keptForward.weightsVersion = undefined;
      assert.deepEqual(forward(x2, w1, keptForward), forward(x2, w1), `${what}: no version, transformed afresh`);

      if (g.inChannels === 3) continue; // the first layer's input gradient is never asked for; the direct path is tested elsewhere
      const keptGradient = emptyKept(7);
      assert.deepEqual(inputGradient(w1, keptGradient), inputGradient(w1), `${what}: input gradient, first call`);
      assert.deepEqual(inputGradient(w1, keptGradient), inputGradient(w1), `${what}: input gradient, kept`);
      keptGradient.weightsVersion = 8;
      assert.deepEqual(inputGradient(w2, keptGradient), inputGradient(w2), `${what}: input gradient, new version`);
    }
  });
}

test('a network forgets its weights version when its weights are set, so its convolutions transform the new ones', () => {
  const backend = createFastBackend({ memoryBytes: 64 * 1024 * 1024 });
  const options = { backend, maxBatch: 4, seed: 3, numClasses: 4 };
  const net = buildNetwork(TINY_WINOGRAD_ARCHITECTURE, options);
  net.initializeWeights();
  const other = buildNetwork(TINY_WINOGRAD_ARCHITECTURE, { ...options, seed: 4 });
  other.initializeWeights();
  const input = filled(backend, new SeededRandom(5), 4 * net.inputSize);
  net.weightsVersion = 1;
  net.forward(input, 4, false);
  net.setWeights(other.getWeights());
  assert.equal(net.weightsVersion, undefined);
  assert.deepEqual(Array.from(net.forward(input, 4, false)), Array.from(other.forward(input, 4, false)));
});
