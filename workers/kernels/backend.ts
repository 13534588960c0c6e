// Every kernel the engine uses, named once with its inputs and attributes
// (after tfjs-core's kernel_names.ts). A backend is one implementation of this
// table: `reference` (naive, float32 or float64, the living spec) and the fast
// ones, which are tested against it through one shared test table.
//
// Layout conventions, fixed across all backends:
// - feature maps are NCHW, batch-major, contiguous;
// - conv filters are [outChannels, inChannels, kernelH, kernelW];
// - dense weights are [outUnits, inUnits] so that y = W·x + b (the report's Y = W X);
// - every kernel OVERWRITES its outputs (gradients included): the trainer
//   sums per-chunk gradients itself, in a fixed order.

export type FloatArray = Float32Array | Float64Array;

export type FloatDtype = 'float32' | 'float64';

export interface Conv2dGeometry {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  kernelH: number;
  kernelW: number;
  stride: number;
  padding: number;
  outHeight: number;
  outWidth: number;
}

export interface Pool2dGeometry {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  size: number;
  stride: number;
  outHeight: number;
  outWidth: number;
}

export interface DenseGeometry {
  batch: number;
  inUnits: number;
  outUnits: number;
}

/**
 * What a convolution layer lends the kernels to keep its filters' transform
 * (Winograd's U) from one call to the next: transforming them is the part of
 * a call that does not scale with its images, and a layer's chunks between two
 * weight updates share the same filters. The kernel transforms again whenever
 * `weightsVersion` differs from the version the memory `holds`, and keeps
 * nothing when `weightsVersion` is undefined. Backends without a transform
 * ignore it.
 */
export interface KeptFilters {
  /** Allocated by the backend at the first call that keeps anything. */
  buffer: FloatArray | null;
  /** The weights version the buffer holds the transform of; undefined: none yet. */
  holds: number | undefined;
  /** The weights version of the coming call, set by the layer; undefined: transform afresh. */
  weightsVersion: number | undefined;
}

/** Per-channel layers (batch norm, global pooling): NCHW with area = H·W, or [batch, units] with area 1. */
export interface ChannelGeometry {
  batch: number;
  channels: number;
  area: number;
}

export interface KernelBackend {
  readonly name: string;
  readonly dtype: FloatDtype;

  /**
   * A zero-filled tensor in this backend's memory. Every array a kernel sees
   * (activations, parameters, gradients, the batch) comes from here, so a
   * backend can keep them all in one place — the WebAssembly backend returns
   * views into its shared WebAssembly.Memory, the reference backend views on a
   * SharedArrayBuffer — and worker threads can share them.
   */
  createBuffer(length: number): FloatArray;
  /** Like createBuffer, for the argmax indices of max-pooling. */
  createIndexBuffer(length: number): Int32Array;

  /** y[n,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q] · x[n,c,i·s+p−pad, j·s+q−pad] (zero outside). */
  conv2d(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void;
  /**
   * conv2d then ReLU in one pass, where a backend fuses them (the network
   * uses it for a conv2d followed by relu). Bit-identical to the two kernels.
   */
  conv2dRelu?(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void;
  /** dx = full correlation of dy with the flipped filters (the transpose of conv2d w.r.t. x). */
  conv2dBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: Conv2dGeometry, kept?: KeptFilters): void;
  /** dw[o,c,p,q] = Σ_{n,i,j} dy[n,o,i,j] · x[n,c,i·s+p−pad, j·s+q−pad];  db[o] = Σ_{n,i,j} dy[n,o,i,j]. */
  conv2dBackwardFilter(x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, g: Conv2dGeometry): void;

  /** Max over each window; argmax holds the flat input index of the FIRST maximum (row-major scan). */
  maxPool2d(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void;
  /** Routes dy to the recorded argmax positions; dx is zeroed first. */
  maxPool2dBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, g: Pool2dGeometry): void;

  /** y[n,o] = b[o] + Σ_i w[o,i] · x[n,i]. */
  dense(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: DenseGeometry): void;
  /** dx = Wᵀ dy. */
  denseBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: DenseGeometry): void;
  /** dw = dy xᵀ, db = Σ_n dy. */
  denseBackwardWeights(x: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, g: DenseGeometry): void;

  /** y = max(0, x); length elements. */
  relu(x: FloatArray, y: FloatArray, length: number): void;
  /** dx = dy where x > 0, else 0 (the derivative at 0 is 0). */
  reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number): void;

  /** y = x where x > 0, else slope·x. */
  leakyRelu(x: FloatArray, y: FloatArray, length: number, slope: number): void;
  /** dx = dy where x > 0, else slope·dy (the derivative at 0 is slope). */
  leakyReluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, length: number, slope: number): void;

  /** Mean over each size×size window (no padding). */
  avgPool2d(x: FloatArray, y: FloatArray, g: Pool2dGeometry): void;
  /** dx[window] += dy / size² for every window; dx is zeroed first. */
  avgPool2dBackward(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry): void;

  /** y[n,c] = mean over the area of x[n,c]. */
  globalAvgPool(x: FloatArray, y: FloatArray, g: ChannelGeometry): void;
  /** dx[n,c,·] = dy[n,c] / area. */
  globalAvgPoolBackward(dy: FloatArray, dx: FloatArray, g: ChannelGeometry): void;

  /** mean[c] and the biased variance[c] of x over the batch and the area (two passes: Σ(x − mean)²/M). */
  batchNormStatistics(x: FloatArray, mean: FloatArray, variance: FloatArray, g: ChannelGeometry): void;
  /**
   * x̂ = (x − mean[c])/√(variance[c] + ε) into xHat, and y = scale[c]·x̂ + shift[c].
   * mean and variance are the batch's (training) or the running ones (evaluation).
   */
  batchNormForward(
    x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
    xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry,
  ): void;
  /**
   * dshift[c] = Σ dy, dscale[c] = Σ dy·x̂, and with M = batch·area values a channel
   *   dx = scale/√(variance + ε) · (dy − dshift/M − x̂·dscale/M)   when the statistics were the batch's,
   *   dx = scale/√(variance + ε) · dy                             when they were fixed (evaluation).
   */
  batchNormBackward(
    dy: FloatArray, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
    dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
  ): void;
  /**
   * batchNormForward then ReLU in one pass, where a backend fuses them (the
   * network uses it for a batchNorm followed by relu): y = max(0, scale·x̂ + shift),
   * written as the relu layer's output. Bit-identical to the two kernels.
   */
  batchNormReluForward?(
    x: FloatArray, mean: FloatArray, variance: FloatArray, scale: FloatArray, shift: FloatArray,
    xHat: FloatArray, y: FloatArray, epsilon: number, g: ChannelGeometry,
  ): void;
  /**
   * reluBackward then batchNormBackward in one pass: dy is the ReLU's output
   * gradient, taken where reluOutput > 0 (0 elsewhere) as it is read.
   * Bit-identical to the two kernels.
   */
  batchNormReluBackward?(
    dy: FloatArray, reluOutput: FloatArray, xHat: FloatArray, variance: FloatArray, scale: FloatArray,
    dx: FloatArray | null, dscale: FloatArray, dshift: FloatArray, epsilon: number, batchStatistics: boolean, g: ChannelGeometry,
  ): void;
}

/**
 * The backend with its fused kernels (conv2d+ReLU, batchNorm+ReLU) hidden, so
 * a network built on it runs and keeps every layer on its own. A prototype
 * view: every other kernel still runs on the original object (its memory and
 * scratch).
 */
export function withoutFusedKernels(backend: KernelBackend): KernelBackend {
  if (!backend.conv2dRelu && !backend.batchNormReluForward && !backend.batchNormReluBackward) return backend;
  return Object.create(backend, {
    conv2dRelu: { value: undefined },
    batchNormReluForward: { value: undefined },
    batchNormReluBackward: { value: undefined },
  }) as KernelBackend;
}
