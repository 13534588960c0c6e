// The fast float32 backend: WebAssembly SIMD kernels (workers/wasm/assembly/)
// over one shared WebAssembly.Memory. Tensors from createBuffer are views into
// that memory, so a kernel call passes byte offsets and copies nothing. One
// backend runs on one thread; for data-parallel training, the coordinator
// creates the memory (createKernelMemory), carves an arena per worker
// (Arena.carve) and each worker builds its backend over its own arena:
//
//   const memory = createKernelMemory(bytes);
//   const root = new Arena(memory, { offset: 0, bytes });
//   const shared = root.floats(parameterCount);     // seen by every worker
//   const arenas = workers.map(() => root.carve(perWorkerBytes));
//   // in worker k, with memory, arenas[k] and compileKernelModule() posted to it:
//   const backend = createFastBackend({ memory, arena: arenas[k], module });
//   const parameters = backend.floatsAt(sharedOffset, parameterCount);
//
// Views must be made over this backend's `memory.buffer` (createBuffer and
// floatsAt do): a view posted from another thread arrives on a different
// SharedArrayBuffer object, is not recognised, and is copied on every call.

import type { ChannelGeometry, Conv2dGeometry, DenseGeometry, FloatArray, KeptFilters, KernelBackend, Pool2dGeometry } from '../backend.js';
import { checkChannelGeometry, checkConvGeometry, checkDenseGeometry, checkLength, checkPoolGeometry } from './geometryChecks.js';
import { KernelCall } from './kernelCall.js';
import { Arena, createKernelMemory, type MemoryRegion } from './kernelMemory.js';
import { compileKernelModule, instantiateKernels, type KernelExports } from './kernelModule.js';

export interface FastBackendOptions {
  /** The shared memory to run over; a new one of `memoryBytes` is created when omitted. */
  memory?: WebAssembly.Memory;
  /** This backend's own part of the memory (its buffers, then its scratch); all of it when omitted. */
  arena?: MemoryRegion;
  /** Size of a memory created here. */
  memoryBytes?: number;
  /** The compiled kernels, e.g. posted by a coordinator; compiled here when omitted. */
  module?: WebAssembly.Module;
}

const DEFAULT_MEMORY_BYTES = 256 * 1024 * 1024;

const convSizes = {
  x: (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth,
  w: (g: Conv2dGeometry) => g.outChannels * g.inChannels * g.kernelH * g.kernelW,
  y: (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth,
};
const poolSizes = {
  x: (g: Pool2dGeometry) => g.batch * g.channels * g.inHeight * g.inWidth,
  y: (g: Pool2dGeometry) => g.batch * g.channels * g.outHeight * g.outWidth,
};

export class FastBackend implements KernelBackend {
  readonly name: string;
  readonly dtype = 'float32';
  readonly arena: Arena;
  /** Arrays copied into scratch because they were not views of this memory: 0 on the fast path. */
  stagedArrays = 0;
  private readonly kernels: KernelExports;

  constructor(
    readonly memory: WebAssembly.Memory,
    arena: MemoryRegion,
    module: WebAssembly.Module,
  ) {
    this.arena = new Arena(memory, arena);
    this.kernels = instantiateKernels(module, memory);
    this.name = this.kernels.usesRelaxedSimd() ? 'fast-wasm-relaxed-simd' : 'fast-wasm-simd';
  }

  createBuffer(length: number): Float32Array {
    return this.arena.floats(length);
  }

  createIndexBuffer(length: number): Int32Array {
    return this.arena.ints(length);
  }

  /** A view of `length` floats at `byteOffset` of the memory, e.g. a tensor the coordinator allocated. */
  floatsAt(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, byteOffset, length);
  }

  /** Whether conv2d and its filter gradient run through Winograd at this geometry (winogradLayout.ts decides). */
  usesWinograd(g: Conv2dGeometry): boolean {
    return this.kernels.winogradApplies(g.inChannels, g.outChannels, g.kernelH, g.kernelW, g.stride) !== 0;
  }

  conv2d(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void {
    this.convolve('conv2d', x, w, b, y, g, false, kept);
  }

  /**
   * conv2d and ReLU in one pass. Its output can stand in for x in
   * reluBackward, since relu(v) > 0 exactly where v > 0.
   */
  conv2dRelu(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void {
    this.convolve('conv2dRelu', x, w, b, y, g, true, kept);
  }

  conv2dBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void {
    checkConvGeometry('conv2dBackwardInput', g);
    const [keptAt, keptCurrent] = this.keep(kept, () =>
      this.kernels.conv2dBackwardInputKeptFilterBytes(g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelH, g.kernelW, g.stride),
    );
    const call = this.begin('conv2dBackwardInput');
    const dyAt = call.input(dy, convSizes.y(g), 'dy');
    const wAt = call.input(w, convSizes.w(g), 'w');
    const dxAt = call.output(dx, convSizes.x(g), 'dx');
    const scratch = call.scratch(
      this.kernels.conv2dBackwardInputScratchBytes(g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelH, g.kernelW, g.stride),
    );
    this.kernels.conv2dBackwardInput(
      dyAt, wAt, dxAt,
      g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelH, g.kernelW, g.stride, g.padding, g.outHeight, g.outWidth,
      scratch, keptAt, keptCurrent,
    );
    this.end(call);
    this.kept(kept, keptAt);
  }

  /** sum += x, element by element (float32, as a JavaScript loop over Float32Arrays rounds it). */
  addFloats(sum: Float32Array, x: Float32Array): void {
    const call = this.begin('addFloats');
    const sumAt = call.output(sum, sum.length, 'sum');
    const xAt = call.input(x, sum.length, 'x');
    this.kernels.addFloats(sumAt, xAt, sum.length);
    this.end(call);
  }

  conv2dBackwardFilter(x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, g: Conv2dGeometry): void {
    checkConvGeometry('conv2dBackwardFilter', g);
    const call = this.begin('conv2dBackwardFilter');
    const xAt = call.input(x, convSizes.x(g), 'x');
    const dyAt = call.input(dy, convSizes.y(g), 'dy');
    const dwAt = call.output(dw, convSizes.w(g), 'dw');
    const dbAt = call.output(db, g.outChannels, 'db');
    const scratch = call.scratch(
      this.kernels.conv2dBackwardFilterScratchBytes(g.inChannels, g.outChannels, g.kernelH, g.kernelW, g.stride, g.outHeight, g.outWidth),
    );
    this.kernels.conv2dBackwardFilter(
      xAt, dyAt, dwAt, dbAt,
      g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelH, g.kernelW, g.stride, g.padding, g.outHeight, g.outWidth,
      scratch,
    );
    this.end(call);
  }

  maxPool2d(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void {
    checkPoolGeometry('maxPool2d', g);
    const call = this.begin('maxPool2d');
    const xAt = call.input(x, poolSizes.x(g), 'x');
    const yAt = call.output(y, poolSizes.y(g), 'y');
    const argmaxAt = call.indexOutput(argmax, poolSizes.y(g), 'argmax');
    this.kernels.maxPool2d(xAt, yAt, argmaxAt, g.batch, g.channels, g.inHeight, g.inWidth, g.size, g.stride, g.outHeight, g.outWidth);
    this.end(call);
  }

  maxPool2dBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, g: Pool2dGeometry): void {
    checkPoolGeometry('maxPool2dBackward', g);
    const call = this.begin('maxPool2dBackward');
    const dyAt = call.input(dy, poolSizes.y(g), 'dy');
    const argmaxAt = call.indexInput(argmax, poolSizes.y(g), 'argmax');
    const dxAt = call.output(dx, poolSizes.x(g), 'dx');
    // 2×2 windows tiling the input: each input pixel written once, no fill and scatter.
    const tiles = g.size === 2 && g.stride === 2 && g.inHeight === 2 * g.outHeight && g.inWidth === 2 * g.outWidth;
    if (tiles) this.kernels.maxPool2x2Backward(dyAt, argmaxAt, dxAt, g.batch * g.channels, g.outHeight, g.outWidth);
    else this.kernels.maxPool2dBackward(dyAt, argmaxAt, dxAt, poolSizes.x(g), poolSizes.y(g));
    this.end(call);
  }

  dense(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: DenseGeometry): void {
    checkDenseGeometry('dense', g);
    const call = this.begin('dense');
    const xAt = call.input(x, g.batch * g.inUnits, 'x');
    const wAt = call.input(w, g.outUnits * g.inUnits, 'w');
    const bAt = call.input(b, g.outUnits, 'b');
    const yAt = call.output(y, g.batch * g.outUnits, 'y');
    this.kernels.dense(xAt, wAt, bAt, yAt, g.batch, g.inUnits, g.outUnits);
    this.end(call);
  }

  denseBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: DenseGeometry): void {
    checkDenseGeometry('denseBackwardInput', g);
    const call = this.begin('denseBackwardInput');
    const dyAt = call.input(dy, g.batch * g.outUnits, 'dy');
    const wAt = call.input(w, g.outUnits * g.inUnits, 'w');
    const dxAt = call.output(dx, g.batch * g.inUnits, 'dx');
    this.kernels.denseBackwardInput(dyAt, wAt, dxAt, g.batch, g.inUnits, g.outUnits);
    this.end(call);
  }

  denseBackwardWeights(x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, g: DenseGeometry): void {
    checkDenseGeometry('denseBackwardWeights', g);
    const call = this.begin('denseBackwardWeights');
    const xAt = call.input(x, g.batch * g.inUnits, 'x');
    const dyAt = call.input(dy, g.batch * g.outUnits, 'dy');
    const dwAt = call.output(dw, g.outUnits * g.inUnits, 'dw');
    const dbAt = call.output(db, g.outUnits, 'db');
    this.kernels.denseBackwardWeights(xAt, dyAt, dwAt, dbAt, g.batch, g.inUnits, g.outUnits);
    this.end(call);
  }

  relu(x: FloatArray, y: FloatArray, length: number): void {
    checkLength('relu', length);
    const call = this.begin('relu');
    const xAt = call.input(x, length, 'x');
    const yAt = call.output(y, length, 'y');
    this.kernels.relu(xAt, yAt, length);
    this.end(call);
  }

  reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number): void {
    checkLength('reluBackward', length);
    const call = this.begin('reluBackward');
    const xAt = call.input(x, length, 'x');
    const dyAt = call.input(dy, length, 'dy');
    const dxAt = call.output(dx, length, 'dx');
    this.kernels.reluBackward(xAt, dyAt, dxAt, length);
    this.end(call);
  }

  leakyRelu(x: FloatArray, y: FloatArray, length: number, slope: number): void {
    checkLength('leakyRelu', length);
    const call = this.begin('leakyRelu');
    const xAt = call.input(x, length, 'x');
    const yAt = call.output(y, length, 'y');
    this.kernels.leakyRelu(xAt, yAt, length, slope);
    this.end(call);
  }

  leakyReluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number, slope: number): void {
    checkLength('leakyReluBackward', length);
    const call = this.begin('leakyReluBackward');
    const xAt = call.input(x, length, 'x');
    const dyAt = call.input(dy, length, 'dy');
    const dxAt = call.output(dx, length, 'dx');
    this.kernels.leakyReluBackward(xAt, dyAt, dxAt, length, slope);
    this.end(call);
  }

  avgPool2d(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void {
    checkPoolGeometry('avgPool2d', g);
    const call = this.begin('avgPool2d');
    const xAt = call.input(x, poolSizes.x(g), 'x');
    const yAt = call.output(y, poolSizes.y(g), 'y');
    this.kernels.avgPool2d(xAt, yAt, g.batch, g.channels, g.inHeight, g.inWidth, g.size, g.stride, g.outHeight, g.outWidth);
    this.end(call);
  }

  avgPool2dBackward(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void {
    checkPoolGeometry('avgPool2dBackward', g);
    const call = this.begin('avgPool2dBackward');
    const dyAt = call.input(dy, poolSizes.y(g), 'dy');
    const dxAt = call.output(dx, poolSizes.x(g), 'dx');
    this.kernels.avgPool2dBackward(dyAt, dxAt, g.batch, g.channels, g.inHeight, g.inWidth, g.size, g.stride, g.outHeight, g.outWidth);
    this.end(call);
  }

  globalAvgPool(x: FloatArray, y: FloatArray, g: ChannelGeometry): void {
    checkChannelGeometry('globalAvgPool', g);
    const call = this.begin('globalAvgPool');
    const xAt = call.input(x, g.batch * g.channels * g.area, 'x');
    const yAt = call.output(y, g.batch * g.channels, 'y');
    this.kernels.globalAvgPool(xAt, yAt, g.batch * g.channels, g.area);
    this.end(call);
  }

  globalAvgPoolBackward(dy: FloatArray, dx: FloatArray, g: ChannelGeometry): void {
    checkChannelGeometry('globalAvgPoolBackward', g);
    const call = this.begin('globalAvgPoolBackward');
    const dyAt = call.input(dy, g.batch * g.channels, 'dy');
    const dxAt = call.output(dx, g.batch * g.channels * g.area, 'dx');
    this.kernels.globalAvgPoolBackward(dyAt, dxAt, g.batch * g.channels, g.area);
    this.end(call);
  }

  batchNormStatistics(x: FloatArray, mean: FloatArray, variance: FloatArray, g: ChannelGeometry): void {
    checkChannelGeometry('batchNormStatistics', g);
    const call = this.begin('batchNormStatistics');
    const xAt = call.input(x, g.batch * g.channels * g.area, 'x');
    const meanAt = call.output(mean, g.channels, 'mean');
    const varianceAt = call.output(variance, g.channels, 'variance');
    this.kernels.batchNormStatistics(xAt, meanAt, varianceAt, g.batch, g.channels, g.area);
    this.end(call);
  }

  batchNormForward(
    x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
    xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry,
  ): void {
    this.normalize('batchNormForward', x, mean, variance, scale, shift, xHat, y, epsilon, g, false);
  }

  /** batchNormForward with ReLU applied as y is written (y: the ReLU's output), bit-identical to the two kernels. */
  batchNormReluForward(
    x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
    xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry,
  ): void {
    this.normalize('batchNormReluForward', x, mean, variance, scale, shift, xHat, y, epsilon, g, true);
  }

  batchNormBackward(
    dy: FloatArray, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
    dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
  ): void {
    this.normalizeBackward('batchNormBackward', dy, null, xHat, variance, scale, dx, dscale, dshift, epsilon, batchStatistics, g);
  }

  /** reluBackward and batchNormBackward in one: dy is the ReLU's output gradient, masked by its output as it is read. Bit-identical to the two. */
  batchNormReluBackward(
    dy: FloatArray, reluOutput: FloatArray, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
    dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
  ): void {
    this.normalizeBackward('batchNormReluBackward', dy, reluOutput, xHat, variance, scale, dx, dscale, dshift, epsilon, batchStatistics, g);
  }

  private normalize(
    kernel: string, x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
    xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry, relu: boolean,
  ): void {
    checkChannelGeometry(kernel, g);
    const call = this.begin(kernel);
    const size = g.batch * g.channels * g.area;
    const xAt = call.input(x, size, 'x');
    const meanAt = call.input(mean, g.channels, 'mean');
    const varianceAt = call.input(variance, g.channels, 'variance');
    const scaleAt = call.input(scale, g.channels, 'scale');
    const shiftAt = call.input(shift, g.channels, 'shift');
    const xHatAt = call.output(xHat, size, 'xHat');
    const yAt = call.output(y, size, 'y');
    this.kernels.batchNormForward(xAt, meanAt, varianceAt, scaleAt, shiftAt, xHatAt, yAt, epsilon, g.batch, g.channels, g.area, relu ? 1 : 0);
    this.end(call);
  }

  private normalizeBackward(
    kernel: string, dy: FloatArray, reluOutput: FloatArray | null, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
    dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
  ): void {
    checkChannelGeometry(kernel, g);
    const call = this.begin(kernel);
    const size = g.batch * g.channels * g.area;
    const dyAt = call.input(dy, size, 'dy');
    const reluOutputAt = reluOutput ? call.input(reluOutput, size, 'reluOutput') : 0;
    const xHatAt = call.input(xHat, size, 'xHat');
    const varianceAt = call.input(variance, g.channels, 'variance');
    const scaleAt = call.input(scale, g.channels, 'scale');
    const dxAt = dx ? call.output(dx, size, 'dx') : 0;
    const dscaleAt = call.output(dscale, g.channels, 'dscale');
    const dshiftAt = call.output(dshift, g.channels, 'dshift');
    this.kernels.batchNormBackward(
      dyAt, xHatAt, varianceAt, scaleAt, dxAt, dx ? 1 : 0, dscaleAt, dshiftAt, epsilon, batchStatistics ? 1 : 0, g.batch, g.channels, g.area, reluOutput ? 1 : 0, reluOutputAt,
    );
    this.end(call);
  }

  private convolve(kernel: string, x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry, relu: boolean, kept?: KeptFilters): void {
    checkConvGeometry(kernel, g);
    const [keptAt, keptCurrent] = this.keep(kept, () =>
      this.kernels.conv2dKeptFilterBytes(g.inChannels, g.outChannels, g.kernelH, g.kernelW, g.stride, g.outHeight, g.outWidth),
    );
    const call = this.begin(kernel);
    const xAt = call.input(x, convSizes.x(g), 'x');
    const wAt = call.input(w, convSizes.w(g), 'w');
    const bAt = call.input(b, g.outChannels, 'b');
    const yAt = call.output(y, convSizes.y(g), 'y');
    const scratch = call.scratch(
      this.kernels.conv2dScratchBytes(g.inChannels, g.outChannels, g.kernelH, g.kernelW, g.stride, g.outHeight, g.outWidth),
    );
    this.kernels.conv2d(
      xAt, wAt, bAt, yAt,
      g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelH, g.kernelW, g.stride, g.padding, g.outHeight, g.outWidth,
      relu ? 1 : 0, scratch, keptAt, keptCurrent,
    );
    this.end(call);
    this.kept(kept, keptAt);
  }

  /**
   * Where a call keeps its transformed filters (0: in scratch, redone) and
   * whether they are current. The memory comes from this backend's arena at
   * the first call that keeps anything (before the call's scratch, which
   * starts after it); its size depends on the geometry's filters only.
   */
  private keep(kept: KeptFilters | undefined, bytes: () => number): [number, number] {
    if (kept === undefined || kept.weightsVersion === undefined) return [0, 0];
    if (kept.buffer === null) {
      const needed = bytes();
      if (needed === 0) return [0, 0];
      kept.buffer = this.createBuffer(needed / 4);
    }
    return [kept.buffer.byteOffset, kept.holds === kept.weightsVersion ? 1 : 0];
  }

  /** After a call that kept its filters: they are now those of the call's weights (a call that failed leaves the old version, so the next one transforms). */
  private kept(kept: KeptFilters | undefined, keptAt: number): void {
    if (kept !== undefined && keptAt !== 0) kept.holds = kept.weightsVersion;
  }

  private begin(kernel: string): KernelCall {
    return new KernelCall(this.memory, this.arena.free, kernel);
  }

  private end(call: KernelCall): void {
    call.finish();
    this.stagedArrays += call.stagedArrays;
  }
}

/** A fast backend; with no options it creates its own memory and compiles the kernels. */
export function createFastBackend(options: FastBackendOptions = {}): FastBackend {
  const memory = options.memory ?? createKernelMemory(options.memoryBytes ?? DEFAULT_MEMORY_BYTES);
  const arena = options.arena ?? { offset: 0, bytes: memory.buffer.byteLength };
  return new FastBackend(memory, arena, options.module ?? compileKernelModule());
}
