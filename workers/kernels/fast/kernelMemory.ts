// The fast kernels run over one shared WebAssembly.Memory. Whoever creates it
// (a standalone backend, or the coordinator of a worker pool) divides it into
// regions: shared tensors (parameters, gradients, the batch) and one arena per
// worker, which holds that worker's own tensors and, above them, the scratch
// its kernels use during a call. Regions never overlap, so worker threads
// running kernels at the same time cannot trample each other.

const PAGE_BYTES = 65536;
/** The most a wasm32 memory can hold, and the maximum the kernel module declares. */
export const MAXIMUM_MEMORY_BYTES = 65536 * PAGE_BYTES;
/** Allocation granularity: a cache line, more than any SIMD load needs. */
const ALIGNMENT = 64;

export interface MemoryRegion {
  /** Byte offset into the memory; a multiple of 64. */
  offset: number;
  bytes: number;
}

function alignUp(value: number): number {
  return Math.ceil(value / ALIGNMENT) * ALIGNMENT;
}

/**
 * A shared memory of at least `bytes` for the kernels. It never grows (so a
 * view made once stays valid and recognisable); size it for everything up
 * front. Untouched pages cost no RAM.
 */
export function createKernelMemory(bytes: number): WebAssembly.Memory {
  if (!(bytes > 0 && bytes <= MAXIMUM_MEMORY_BYTES)) {
    throw new RangeError(`kernel memory: ${bytes} bytes requested, between 1 and ${MAXIMUM_MEMORY_BYTES} allowed`);
  }
  const pages = Math.ceil(bytes / PAGE_BYTES);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** A bump allocator over one region of a kernel memory. Nothing is freed one by one. */
export class Arena {
  private top: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly region: MemoryRegion,
  ) {
    const end = region.offset + region.bytes;
    if (region.offset % ALIGNMENT !== 0 || region.bytes < 0 || end > memory.buffer.byteLength) {
      throw new RangeError(
        `arena [${region.offset}, ${end}) is not a 64-byte aligned region of the ${memory.buffer.byteLength}-byte kernel memory`,
      );
    }
    this.top = region.offset;
  }

  /** Reserves `bytes` and returns their offset. */
  allocate(bytes: number): number {
    const offset = this.top;
    const end = alignUp(offset + bytes);
    if (end > this.region.offset + this.region.bytes) {
      throw new RangeError(
        `arena full: ${bytes} bytes requested, ${this.region.offset + this.region.bytes - offset} of ${this.region.bytes} left`,
      );
    }
    this.top = end;
    return offset;
  }

  /** A zero-filled float32 tensor in this arena. */
  floats(length: number): Float32Array {
    const view = new Float32Array(this.memory.buffer, this.allocate(length * 4), length);
    view.fill(0);
    return view;
  }

  /** A zero-filled int32 array in this arena. */
  ints(length: number): Int32Array {
    const view = new Int32Array(this.memory.buffer, this.allocate(length * 4), length);
    view.fill(0);
    return view;
  }

  /** Hands `bytes` of this arena over as a region of its own, e.g. one worker's arena. */
  carve(bytes: number): MemoryRegion {
    return { offset: this.allocate(bytes), bytes: alignUp(bytes) };
  }

  /** The unallocated rest of the region. Kernels use it as scratch during a call. */
  get free(): MemoryRegion {
    return { offset: this.top, bytes: this.region.offset + this.region.bytes - this.top };
  }
}
