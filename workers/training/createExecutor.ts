// One worker: the coordinator computes every chunk itself. More: a pool of
// worker threads over shared WebAssembly memory. Without WebAssembly SIMD the
// reference kernels run inline. All three give the same weights bit for bit
// (the fast and reference kernels agree to 1e-4, not bit for bit).

import { analyzeArchitecture } from '../../common/arch/analyze.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { normalizationTable } from '../../common/imageBatch.js';
import { createFastBackend } from '../kernels/fast/fastBackend.js';
import { availableKernelBuilds } from '../kernels/fast/kernelModule.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { chunkRecipe } from './chunkComputer.js';
import type { BatchExecutor } from './executor.js';
import { InlineExecutor } from './inlineExecutor.js';
import { arenaBytesFor } from './pool/poolMemory.js';
import { PoolExecutor } from './pool/poolExecutor.js';
import type { TrainJob } from './protocol.js';

export function hasFastKernels(): boolean {
  return availableKernelBuilds().length > 0;
}

/** What one thread's kernel memory had before it was sized by the network; every network that fitted still gets it. */
const INLINE_MEMORY_FLOOR = 256 * 1024 * 1024;

/**
 * One thread's kernel memory: a pool participant's arena (a chunk's
 * activations, kernel scratch, the filter transforms convolutions keep) plus
 * the weights, their gradient and the batch's gradient sum, with room for a
 * weight average and an optimizer's state.
 */
export function inlineMemoryBytes(architecture: ArchitectureSpec): number {
  return Math.max(INLINE_MEMORY_FLOOR, arenaBytesFor(architecture) + 6 * 4 * analyzeArchitecture(architecture).totalValues);
}

export async function createExecutor(job: TrainJob): Promise<BatchExecutor> {
  const h = job.hyperparameters;
  const fast = hasFastKernels();
  if (fast && h.workers > 1) return PoolExecutor.start(job, h.workers);
  return new InlineExecutor({
    architecture: job.architecture,
    backend: fast ? createFastBackend({ memoryBytes: inlineMemoryBytes(job.architecture) }) : createReferenceBackend('float32'),
    numClasses: job.classNames.length,
    seed: h.seed,
    normalization: normalizationTable(job.normalization),
    recipe: chunkRecipe(h),
  });
}
