// How the pool lays out its shared memory: one WebAssembly.Memory holding the
// weights every worker reads, one gradient slot per chunk of a batch (so the
// reduction can sum them in chunk order), the summed gradient the optimizer
// applies, and one arena per participant (the coordinator is participant 0)
// for activations and kernel scratch. Evaluation outputs live on plain
// SharedArrayBuffers.

import { analyzeArchitecture } from '../../../common/arch/analyze.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { Arena, createKernelMemory, type MemoryRegion } from '../../kernels/fast/kernelMemory.js';
import { CHUNK_SIZE } from '../chunks.js';

export interface PoolMemoryPlan {
  memory: WebAssembly.Memory;
  paramCount: number;
  /** Float offsets (bytes) of the shared tensors. */
  paramsOffset: number;
  gradientSlotsOffset: number;
  gradientSlots: number;
  summedGradientOffset: number;
  arenas: MemoryRegion[];
}

const MIB = 1024 * 1024;

/** Bytes a worker needs for one chunk: activations and their gradients, with generous room for kernel scratch. */
export function arenaBytesFor(architecture: ArchitectureSpec): number {
  const analysis = analyzeArchitecture(architecture);
  let activations = architecture.input.channels * architecture.input.height * architecture.input.width;
  let largestColumns = 0;
  let largestFilterTransform = 0;
  let keptFilters = 0;
  for (const layer of analysis.layers) {
    const out = layer.outShape.kind === 'map' ? layer.outShape.channels * layer.outShape.height * layer.outShape.width : layer.outShape.units;
    activations += out;
    const spec = architecture.layers[layer.index];
    if (spec.type === 'conv2d' && layer.inShape.kind === 'map' && layer.outShape.kind === 'map') {
      largestColumns = Math.max(largestColumns, layer.inShape.channels * spec.kernelSize ** 2 * layer.outShape.height * layer.outShape.width);
      // Winograd (winogradLayout.ts) holds up to 6×6 transformed values per filter pair:
      // the filter gradient dU's four-lane sums (16 bytes), the other two kernels U packed
      // (4 bytes); 20 bytes cover either with room for the planes' alignment.
      largestFilterTransform = Math.max(largestFilterTransform, 36 * 20 * layer.inShape.channels * spec.filters);
      // The transformed filters a layer keeps between chunks, forward and input gradient
      // (KeptFilters): at most 6×6 planes of packed pairs, each plane padded by under 128 bytes.
      keptFilters += 2 * 36 * (4 * layer.inShape.channels * spec.filters + 128);
    }
  }
  const perChunk = CHUNK_SIZE * 4 * (4 * activations + 4 * largestColumns);
  return Math.ceil((perChunk + largestFilterTransform + keptFilters + 4 * analysis.totalValues * 2 + 16 * MIB) / 65536) * 65536;
}

export function planPoolMemory(architecture: ArchitectureSpec, batchSize: number, workers: number): PoolMemoryPlan {
  // Every value of the flat weight buffer: batch norm's running statistics travel with the weights.
  const paramCount = analyzeArchitecture(architecture).totalValues;
  const gradientSlots = Math.ceil(batchSize / CHUNK_SIZE);
  const sharedBytes = Math.ceil((4 * paramCount * (gradientSlots + 2) + 64 * (gradientSlots + 2)) / 65536) * 65536 + 65536;
  const arenaBytes = arenaBytesFor(architecture);
  const memory = createKernelMemory(sharedBytes + arenaBytes * workers);
  const root = new Arena(memory, { offset: 0, bytes: memory.buffer.byteLength });
  const paramsOffset = root.allocate(4 * paramCount);
  const gradientSlotsOffset = root.allocate(4 * paramCount * gradientSlots);
  const summedGradientOffset = root.allocate(4 * paramCount);
  const arenas = Array.from({ length: workers }, () => root.carve(arenaBytes));
  return { memory, paramCount, paramsOffset, gradientSlotsOffset, gradientSlots, summedGradientOffset, arenas };
}

export function floatView(memory: WebAssembly.Memory, byteOffset: number, length: number): Float32Array {
  return new Float32Array(memory.buffer, byteOffset, length);
}
