// Loads the WebAssembly kernels (built from workers/wasm/assembly/). Two builds
// exist; the relaxed-SIMD one (fused multiply-add, about 10% faster) is used
// only where this runtime validates it, the plain SIMD one otherwise. Node 20
// validates it only with --experimental-wasm-relaxed-simd, or after
// v8.setFlagsFromString('--experimental-wasm-relaxed-simd') runs before the
// first call here; Electron's Chromium has it on by default.

import { relaxedSimdKernels, simdKernels } from '../../wasm/kernelBinaries.js';

/** The module's exports. Pointers are byte offsets into the shared memory. */
export interface KernelExports {
  conv2d(
    x: number, w: number, b: number, y: number,
    batch: number, inChannels: number, inHeight: number, inWidth: number, outChannels: number,
    kernelH: number, kernelW: number, stride: number, padding: number, outHeight: number, outWidth: number,
    relu: number, scratch: number, keptFilters: number, keptCurrent: number,
  ): void;
  conv2dKeptFilterBytes(inChannels: number, outChannels: number, kernelH: number, kernelW: number, stride: number, outHeight: number, outWidth: number): number;
  conv2dScratchBytes(inChannels: number, outChannels: number, kernelH: number, kernelW: number, stride: number, outHeight: number, outWidth: number): number;
  conv2dBackwardInput(
    dy: number, w: number, dx: number,
    batch: number, inChannels: number, inHeight: number, inWidth: number, outChannels: number,
    kernelH: number, kernelW: number, stride: number, padding: number, outHeight: number, outWidth: number,
    scratch: number, keptFilters: number, keptCurrent: number,
  ): void;
  conv2dBackwardInputKeptFilterBytes(inChannels: number, inHeight: number, inWidth: number, outChannels: number, kernelH: number, kernelW: number, stride: number): number;
  conv2dBackwardInputScratchBytes(inChannels: number, inHeight: number, inWidth: number, outChannels: number, kernelH: number, kernelW: number, stride: number): number;
  conv2dBackwardFilter(
    x: number, dy: number, dw: number, db: number,
    batch: number, inChannels: number, inHeight: number, inWidth: number, outChannels: number,
    kernelH: number, kernelW: number, stride: number, padding: number, outHeight: number, outWidth: number,
    scratch: number,
  ): void;
  conv2dBackwardFilterScratchBytes(inChannels: number, outChannels: number, kernelH: number, kernelW: number, stride: number, outHeight: number, outWidth: number): number;
  maxPool2d(
    x: number, y: number, argmax: number,
    batch: number, channels: number, inHeight: number, inWidth: number, size: number, stride: number, outHeight: number, outWidth: number,
  ): void;
  maxPool2dBackward(dy: number, argmax: number, dx: number, inputs: number, outputs: number): void;
  maxPool2x2Backward(dy: number, argmax: number, dx: number, planes: number, outHeight: number, outWidth: number): void;
  dense(x: number, w: number, b: number, y: number, batch: number, inUnits: number, outUnits: number): void;
  denseBackwardInput(dy: number, w: number, dx: number, batch: number, inUnits: number, outUnits: number): void;
  denseBackwardWeights(x: number, dy: number, dw: number, db: number, batch: number, inUnits: number, outUnits: number): void;
  relu(x: number, y: number, length: number): void;
  reluBackward(x: number, dy: number, dx: number, length: number): void;
  leakyRelu(x: number, y: number, length: number, slope: number): void;
  leakyReluBackward(x: number, dy: number, dx: number, length: number, slope: number): void;
  avgPool2d(
    x: number, y: number,
    batch: number, channels: number, inHeight: number, inWidth: number, size: number, stride: number, outHeight: number, outWidth: number,
  ): void;
  avgPool2dBackward(
    dy: number, dx: number,
    batch: number, channels: number, inHeight: number, inWidth: number, size: number, stride: number, outHeight: number, outWidth: number,
  ): void;
  globalAvgPool(x: number, y: number, planes: number, area: number): void;
  globalAvgPoolBackward(dy: number, dx: number, planes: number, area: number): void;
  batchNormStatistics(x: number, mean: number, variance: number, batch: number, channels: number, area: number): void;
  batchNormForward(
    x: number, mean: number, variance: number, scale: number, shift: number, xHat: number, y: number, epsilon: number,
    batch: number, channels: number, area: number, relu: number,
  ): void;
  batchNormBackward(
    dy: number, xHat: number, variance: number, scale: number, dx: number, withInputGradient: number, dscale: number, dshift: number,
    epsilon: number, batchStatistics: number, batch: number, channels: number, area: number, masked: number, reluOutput: number,
  ): void;
  addFloats(sum: number, x: number, length: number): void;
  usesRelaxedSimd(): number;
  /** Whether conv2d with these channels, filter and stride runs through Winograd (the input gradient: channels swapped). */
  winogradApplies(inChannels: number, outChannels: number, kernelH: number, kernelW: number, stride: number): number;
}

/** The two builds of the kernels: fused multiply-add (relaxed SIMD) or not. */
export type KernelBuild = 'relaxed-simd' | 'simd';

const binaries: Record<KernelBuild, string> = { 'relaxed-simd': relaxedSimdKernels, simd: simdKernels };
const compiled = new Map<KernelBuild, WebAssembly.Module>();

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

let accepted: KernelBuild[] | null = null;

/** The builds this runtime accepts, fastest first (decided on the first call); empty without WebAssembly SIMD. */
export function availableKernelBuilds(): KernelBuild[] {
  accepted ??= (['relaxed-simd', 'simd'] as const).filter((build) => WebAssembly.validate(decodeBase64(binaries[build])));
  return [...accepted];
}

/**
 * A build of the kernels (by default the fastest this runtime accepts),
 * compiled once per thread. A coordinator can post the module to its workers
 * (modules are cloneable) so that they skip compiling.
 */
export function compileKernelModule(build: KernelBuild | undefined = availableKernelBuilds()[0]): WebAssembly.Module {
  if (build === undefined) throw new Error('fast kernels: this runtime has no WebAssembly SIMD (simd128)');
  let module = compiled.get(build);
  if (module === undefined) {
    module = new WebAssembly.Module(decodeBase64(binaries[build]));
    compiled.set(build, module);
  }
  return module;
}

/** An instance of the kernels over `memory`; instances own no memory, so many can share one. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
