// What the coordinator hands each pool worker at start: the shared memory and
// where things are in it, the data, and the control block.

import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import type { ChannelStats } from '../../../common/imageBatch.js';
import type { MemoryRegion } from '../../kernels/fast/kernelMemory.js';
import type { ChunkRecipe } from '../chunkComputer.js';
import type { SharedImageSet } from '../protocol.js';
import type { MessagePort } from 'node:worker_threads';

export interface PoolWorkerData {
  workerIndex: number;
  workerCount: number;
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  arena: MemoryRegion;
  paramsOffset: number;
  paramCount: number;
  gradientSlotsOffset: number;
  gradientSlots: number;
  summedGradientOffset: number;
  architecture: ArchitectureSpec;
  numClasses: number;
  seed: number;
  normalization: ChannelStats;
  recipe: ChunkRecipe;
  train: SharedImageSet;
  test: SharedImageSet;
  /** The current epoch's training order. */
  trainOrder: Uint32Array;
  /** The images of the current evaluation (validation indices, or 0..n-1 for the test set). */
  evalOrder: Uint32Array;
  control: Int32Array;
  /** [lossSum, correct] per chunk of the current command. */
  chunkResults: Float64Array;
  predictions: Uint8Array;
  probabilities: Float32Array;
  /** Where a worker reports why its command failed (read synchronously by the coordinator). */
  errorPort: MessagePort;
}
