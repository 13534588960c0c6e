// Types for dist/workers/wasm/kernelBinaries.js, which build.mjs generates from
// the AssemblyScript sources in assembly/.

/** The kernels built for WebAssembly SIMD (simd128), base64-encoded. */
export declare const simdKernels: string;
/** The same kernels built with relaxed SIMD, whose multiply-add is fused; base64-encoded. */
export declare const relaxedSimdKernels: string;
