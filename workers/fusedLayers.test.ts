// Fused layers change where work happens, never the numbers: a network whose
// convolutions and batch norms do the ReLU after them (Network's fusion, on the
// fast backend) computes the outputs, loss and gradients of the same network
// with every layer run on its own, bit for bit; and the fused batch norm
// kernels equal the two kernels they replace.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { SeededRandom } from '../common/random.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../common/arch/spec.js';
import { withoutFusedKernels, type ChannelGeometry } from './kernels/backend.js';
import { createFastBackend, type FastBackend } from './kernels/fast/fastBackend.js';
import { compileKernelModule, type KernelBuild } from './kernels/fast/kernelModule.js';
import { buildInspectionNetwork } from './insight/inspectionNetwork.js';
import { buildNetwork } from './network.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const BUILDS: KernelBuild[] = ['simd', 'relaxed-simd'];

const NETWORK: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'fused',
  input: { channels: 3, height: 8, width: 8 },
  layers: [
    { type: 'conv2d', filters: 8, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'conv2d', filters: 12, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 6 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'dense', units: 4 },
    { type: 'softmaxCrossEntropy' },
  ],
};

function filled(backend: FastBackend, random: SeededRandom, length: number, zeros = 0): Float32Array {
  const buffer = backend.createBuffer(length);
  for (let i = 0; i < length; i++) buffer[i] = random.next() < zeros ? 0 : random.next() * 2 - 1;
  return buffer;
}

for (const build of BUILDS) {
  test(`${build}: fused batchNorm+ReLU kernels equal batchNorm and ReLU run one after the other, bit for bit`, () => {
    const backend = createFastBackend({ memoryBytes: 16 * 1024 * 1024, module: compileKernelModule(build) });
    const random = new SeededRandom(11);
    // Areas with and without a scalar tail; a vector's channels (area 1).
    for (const g of [{ batch: 3, channels: 5, area: 36 }, { batch: 2, channels: 4, area: 7 }, { batch: 5, channels: 6, area: 1 }] satisfies ChannelGeometry[]) {
      const size = g.batch * g.channels * g.area;
      const x = filled(backend, random, size);
      const [mean, variance, scale, shift] = [0, 1, 2, 3].map(() => filled(backend, random, g.channels));
      for (let c = 0; c < g.channels; c++) variance[c] = Math.abs(variance[c]);
      const [xHat, y, relu] = [0, 1, 2].map(() => backend.createBuffer(size));
      backend.batchNormForward(x, mean, variance, scale, shift, xHat, y, 1e-5, g);
      backend.relu(y, relu, size);
      const [fusedXHat, fused] = [0, 1].map(() => backend.createBuffer(size));
      backend.batchNormReluForward(x, mean, variance, scale, shift, fusedXHat, fused, 1e-5, g);
      assert.deepEqual(Array.from(fused), Array.from(relu), `forward ${JSON.stringify(g)}`);
      assert.deepEqual(Array.from(fusedXHat), Array.from(xHat));

      const dReluOutput = filled(backend, random, size);
      for (const batchStatistics of [true, false]) {
        const dy = backend.createBuffer(size);
        backend.reluBackward(relu, dReluOutput, dy, size);
        const [dx, dscale, dshift] = [size, g.channels, g.channels].map((n) => backend.createBuffer(n));
        backend.batchNormBackward(dy, xHat, variance, scale, dx, dscale, dshift, 1e-5, batchStatistics, g);
        const [fusedDx, fusedDscale, fusedDshift] = [size, g.channels, g.channels].map((n) => backend.createBuffer(n));
        backend.batchNormReluBackward(dReluOutput, relu, xHat, variance, scale, fusedDx, fusedDscale, fusedDshift, 1e-5, batchStatistics, g);
        const what = `backward ${JSON.stringify(g)}, batch statistics ${batchStatistics}`;
        assert.deepEqual(Array.from(fusedDx), Array.from(dx), what);
        assert.deepEqual(Array.from(fusedDscale), Array.from(dscale), what);
        assert.deepEqual(Array.from(fusedDshift), Array.from(dshift), what);
      }
    }
  });

  test(`${build}: a network with fused ReLUs gives the outputs, loss and gradients of the same network unfused, bit for bit`, () => {
    const backend = createFastBackend({ memoryBytes: 16 * 1024 * 1024, module: compileKernelModule(build) });
    const options = { maxBatch: 5, seed: 4, numClasses: 4 };
    const fused = buildNetwork(NETWORK, { ...options, backend });
    const plain = buildNetwork(NETWORK, { ...options, backend: withoutFusedKernels(backend) });
    plain.setWeights(fused.getWeights());
    const input = filled(backend, new SeededRandom(3), 5 * fused.inputSize);
    const labels = Int32Array.of(0, 1, 2, 3, 1);
    for (const training of [true, false]) {
      const what = training ? 'training' : 'evaluation';
      assert.deepEqual(Array.from(fused.forward(input, 5, training)), Array.from(plain.forward(input, 5, training)), `${what}: logits`);
      const [lossFused, lossPlain] = [fused, plain].map((net) => net.lossAndGradient(labels, 5, 1 / 5, 0.1).lossSum);
      assert.equal(lossFused, lossPlain, what);
      fused.backward();
      plain.backward();
      assert.deepEqual(Array.from(fused.paramGrads), Array.from(plain.paramGrads), `${what}: gradients`);
    }
    // Fused indeed: the batch norms and the second convolution never wrote their own outputs (still zero), the unfused ones did.
    for (const index of [1, 3, 6, 10]) {
      assert.ok(fused.layers[index].output.every((value) => value === 0), `layer ${index + 1} fused`);
      assert.ok(plain.layers[index].output.some((value) => value !== 0), `layer ${index + 1} unfused`);
    }
  });
}

test('an inspection network runs every layer on its own: batch norms and convolutions followed by a ReLU write their own feature maps', () => {
  const backend = createFastBackend({ memoryBytes: 16 * 1024 * 1024 });
  const trained = buildNetwork(NETWORK, { backend, maxBatch: 1, seed: 4, numClasses: 4 });
  const net = buildInspectionNetwork({ architecture: NETWORK, numClasses: 4, weights: trained.getWeights(), backend, maxBatch: 1 });
  net.forward(filled(backend, new SeededRandom(8), net.inputSize), 1, false);
  for (const index of [1, 3, 6, 10]) assert.ok(net.layers[index].output.some((value) => value !== 0), `layer ${index + 1} wrote its output`);
});
