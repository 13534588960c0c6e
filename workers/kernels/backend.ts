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
  conv2d(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry): void;
  /**
   * conv2d then ReLU in one pass, where a backend fuses them (the network
   * uses it for a conv2d followed by relu). Bit-identical to the two kernels.
   */
  conv2dRelu?(x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, g: Conv2dGeometry): void;
  /** dx = full correlation of dy with the flipped filters (the transpose of conv2d w.r.t. x). */
  conv2dBackwardInput(dy: FloatArray, w: FloatArray, dx: FloatArray, g: Conv2dGeometry): void;
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
}
