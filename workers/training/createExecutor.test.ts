// One thread's kernel memory grows with the network: a net of wide
// convolutions, whose kept filter transforms alone outgrow the fixed 256 MiB
// one thread used to have, trains a batch inline.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { createExecutor, hasFastKernels, inlineMemoryBytes } from './createExecutor.js';
import { tinyJob, TINY_ARCHITECTURE } from './trainingFixture.js';

const wide = (filters: number) => ({ type: 'conv2d', filters, kernelSize: 3, stride: 1, padding: 1 }) as const;

/** Four 512-filter 3×3 convolutions on 8×8 maps: 2 × 36 × 4 × 512² bytes ≈ 75 MB of kept transforms each. */
const WIDE: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'wide',
  input: TINY_ARCHITECTURE.input,
  layers: [wide(512), { type: 'relu' }, wide(512), { type: 'relu' }, wide(512), { type: 'relu' }, wide(512), { type: 'relu' }, { type: 'globalAvgPool' }, { type: 'dense', units: 4 }, { type: 'softmaxCrossEntropy' }],
};

test('one thread’s memory has room for a wide network’s activations, scratch and kept filter transforms', { skip: hasFastKernels() ? false : 'no WebAssembly SIMD here' }, async () => {
  assert.equal(inlineMemoryBytes(TINY_ARCHITECTURE), 256 * 1024 * 1024, 'small networks keep the old size');
  assert.ok(inlineMemoryBytes(WIDE) > 300 * 1024 * 1024, `${inlineMemoryBytes(WIDE)} bytes for the wide network`);
  const job = tinyJob({ batchSize: 20 }, WIDE);
  const executor = await createExecutor(job);
  try {
    for (let step = 0; step < 2; step++) {
      const result = executor.trainBatch(job.train, job.trainIndices, 0, 20, { step, epoch: 0 });
      assert.ok(Number.isFinite(result.lossSum), `step ${step}: loss ${result.lossSum}`);
    }
  } finally {
    await executor.close();
  }
});
