// One worker: the coordinator computes every chunk itself. More: a pool of
// worker threads over shared WebAssembly memory. Without WebAssembly SIMD the
// reference kernels run inline. All three give the same weights bit for bit
// (the fast and reference kernels agree to 1e-4, not bit for bit).

import { normalizationTable } from '../../common/imageBatch.js';
import { createFastBackend } from '../kernels/fast/fastBackend.js';
import { availableKernelBuilds } from '../kernels/fast/kernelModule.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { chunkRecipe } from './chunkComputer.js';
import type { BatchExecutor } from './executor.js';
import { InlineExecutor } from './inlineExecutor.js';
import { PoolExecutor } from './pool/poolExecutor.js';
import type { TrainJob } from './protocol.js';

export function hasFastKernels(): boolean {
  return availableKernelBuilds().length > 0;
}

export async function createExecutor(job: TrainJob): Promise<BatchExecutor> {
  const h = job.hyperparameters;
  const fast = hasFastKernels();
  if (fast && h.workers > 1) return PoolExecutor.start(job, h.workers);
  return new InlineExecutor({
    architecture: job.architecture,
    backend: fast ? createFastBackend() : createReferenceBackend('float32'),
    numClasses: job.classNames.length,
    seed: h.seed,
    normalization: normalizationTable(job.normalization),
    recipe: chunkRecipe(h),
  });
}
