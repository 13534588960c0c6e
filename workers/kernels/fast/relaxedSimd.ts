// Relaxed SIMD (fused multiply-add) makes the kernels 10–15% faster. Node 20
// keeps it behind a V8 flag; turning the flag on lets WebAssembly.validate
// accept the relaxed build, which availableKernelBuilds() then prefers. The
// flag is process-wide and must be set before a worker compiles the kernels.

import { setFlagsFromString } from 'node:v8';

let enabled = false;

export function enableRelaxedSimd(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}
