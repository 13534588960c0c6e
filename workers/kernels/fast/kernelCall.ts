// Turns one kernel call's typed arrays into the byte offsets the WebAssembly
// kernels take. Float32 arrays already in the kernel memory pass through with
// no copy (the fast path: every buffer from createBuffer). Anything else — a
// plain Float32Array, a Float64Array — is staged in scratch above the arena's
// allocations, and staged outputs are copied back by finish(). Lengths are
// checked first: a kernel must never touch memory outside its arrays, since
// the memory is shared with other workers.

import type { FloatArray } from '../backend.js';
import type { MemoryRegion } from './kernelMemory.js';

export class KernelCall {
  private cursor: number;
  private readonly end: number;
  private readonly copyBacks: Array<() => void> = [];
  /** How many arrays this call had to copy into scratch. */
  stagedArrays = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    scratch: MemoryRegion,
    private readonly kernel: string,
  ) {
    this.cursor = scratch.offset;
    this.end = scratch.offset + scratch.bytes;
  }

  /** Reserves scratch bytes for this call only. */
  scratch(bytes: number): number {
    const offset = this.cursor;
    const next = Math.ceil((offset + bytes) / 64) * 64;
    if (next > this.end) {
      throw new RangeError(`${this.kernel}: needs ${next - this.end} more bytes of scratch than this backend's arena has left`);
    }
    this.cursor = next;
    return offset;
  }

  input(array: FloatArray, length: number, name: string): number {
    return this.place(array, length, name, true);
  }

  output(array: FloatArray, length: number, name: string): number {
    return this.place(array, length, name, false);
  }

  indexInput(array: Int32Array, length: number, name: string): number {
    return this.place(array, length, name, true);
  }

  indexOutput(array: Int32Array, length: number, name: string): number {
    return this.place(array, length, name, false);
  }

  /** Copies staged outputs back to the caller's arrays. */
  finish(): void {
    for (const copyBack of this.copyBacks) copyBack();
  }

  private place(array: FloatArray | Int32Array, length: number, name: string, isInput: boolean): number {
    if (array.length < length) {
      throw new RangeError(`${this.kernel}: ${name} holds ${array.length} values, the geometry needs ${length}`);
    }
    const inMemory = (array instanceof Float32Array || array instanceof Int32Array) && array.buffer === this.memory.buffer;
    if (inMemory) return array.byteOffset;
    this.stagedArrays++;
    const offset = this.scratch(length * 4);
    const staged = array instanceof Int32Array ? new Int32Array(this.memory.buffer, offset, length) : new Float32Array(this.memory.buffer, offset, length);
    if (isInput) {
      staged.set(array.subarray(0, length));
    } else {
      this.copyBacks.push(() => array.set(staged));
    }
    return offset;
  }
}
