// Where a training step's time goes: each layer's forward and backward of a
// preset (or a saved architecture) on one chunk of images, one thread, the
// fast kernels. benchmarkKernels.ts times the kernels alone at given shapes;
// this times the layers as the network runs them, batch norm, activations and
// pooling included, so it shows what tuning the convolutions can win at most.
// Not a test (speed is never asserted): run it by hand after a build,
//   node dist/workers/kernels/fast/profileLayers.js [preset id | architecture.json] [relaxed-simd|simd]
// (the relaxed build needs node --experimental-wasm-relaxed-simd on Node 20).

import { readFileSync } from 'node:fs';
import { presetArchitecture } from '../../../common/arch/presets.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { parseArchitectureJson } from '../../../common/arch/validate.js';
import type { FloatArray } from '../backend.js';
import { buildNetwork } from '../../network.js';
import { CHUNK_SIZE } from '../../training/chunks.js';
import { createFastBackend } from './fastBackend.js';
import { compileKernelModule, type KernelBuild } from './kernelModule.js';

const WARM_UP = 5;
const ROUNDS = 40;
const CLASSES = 10;

function loadArchitecture(name: string): ArchitectureSpec {
  // Validated as `train --arch` validates it, so a bad file is refused with the layer and field named.
  if (name.endsWith('.json')) return parseArchitectureJson(readFileSync(name, 'utf8'), name);
  const preset = presetArchitecture(name);
  if (!preset) throw new Error(`profileLayers: "${name}" is neither a preset id nor an architecture .json file`);
  return preset;
}

/** The median, robust to the neighbours a shared machine has. */
function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function describe(layer: ArchitectureSpec['layers'][number]): string {
  const fields = Object.entries(layer).filter(([key]) => key !== 'type').map(([key, value]) => `${key} ${String(value)}`);
  return fields.length ? `${layer.type} (${fields.join(', ')})` : layer.type;
}

function profile(spec: ArchitectureSpec, build: KernelBuild | undefined): void {
  const backend = createFastBackend({ module: compileKernelModule(build) });
  const net = buildNetwork(spec, { backend, maxBatch: CHUNK_SIZE, seed: 1, numClasses: CLASSES });
  const input = backend.createBuffer(CHUNK_SIZE * net.inputSize);
  for (let k = 0; k < input.length; k++) input[k] = Math.random() * 2 - 1;
  const labels = Array.from({ length: CHUNK_SIZE }, (_, b) => b % CLASSES);
  const forward: number[][] = net.layers.map(() => []);
  const backward: number[][] = net.layers.map(() => []);
  const last = net.layers[net.layers.length - 1];

  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    const keep = round >= WARM_UP;
    // A chunk of a batch of four chunks, as the pool runs training: the four share their weights, so the
    // convolutions transform the filters for the first and keep the transform for the other three.
    const pass = { batch: CHUNK_SIZE, training: true, step: round, firstSample: 0, batchSize: 4 * CHUNK_SIZE, weightsVersion: Math.floor(round / 4) };
    let x: FloatArray = input;
    net.layers.forEach((layer, i) => {
      const start = performance.now();
      layer.forward(x, pass);
      if (keep) forward[i].push(performance.now() - start);
      x = layer.output;
    });
    net.head.forward(x, CHUNK_SIZE);
    net.head.lossAndGradient(labels, 1 / pass.batchSize, last.outputGrad, 0);
    for (let i = net.layers.length - 1; i >= 0; i--) {
      const start = performance.now();
      // The first layer's input gradient is never needed in training.
      net.layers[i].backward(i > 0 ? net.layers[i - 1].outputGrad : null);
      if (keep) backward[i].push(performance.now() - start);
    }
  }

  const rows = net.layers.map((_, i) => ({ forward: median(forward[i]), backward: median(backward[i]) }));
  const total = rows.reduce((sum, row) => sum + row.forward + row.backward, 0);
  console.log(`${spec.name}: ${backend.name}, one thread, chunks of ${CHUNK_SIZE} images, medians of ${ROUNDS}`);
  rows.forEach((row, i) => {
    const share = (100 * (row.forward + row.backward)) / total;
    console.log(`  ${String(i + 1).padStart(2)} ${describe(spec.layers[i]).padEnd(58)} forward ${row.forward.toFixed(3).padStart(7)} ms  backward ${row.backward.toFixed(3).padStart(7)} ms  ${share.toFixed(1).padStart(5)}%`);
  });
  const shareOf = (type: string) => rows.reduce((sum, row, i) => sum + (spec.layers[i].type === type ? row.forward + row.backward : 0), 0) / total;
  console.log(`  convolutions ${(100 * shareOf('conv2d')).toFixed(1)}% of the step; all layers ${total.toFixed(2)} ms, ${Math.round((CHUNK_SIZE * 1000) / total)} images/s on one thread`);
}

const [name = 'cifar-wide', build] = process.argv.slice(2);
profile(loadArchitecture(name), build as KernelBuild | undefined);
