// The reference backend: naive loops that read like the equations in
// backend.ts. It is the spec every fast backend is tested against, and in
// float64 it is what the finite-difference gradient checks run on.

import type { FloatArray, FloatDtype, KernelBackend } from '../backend.js';
import { conv2d } from './conv2d.js';
import { conv2dBackwardFilter } from './conv2dBackwardFilter.js';
import { conv2dBackwardInput } from './conv2dBackwardInput.js';
import { dense } from './dense.js';
import { denseBackwardInput } from './denseBackwardInput.js';
import { denseBackwardWeights } from './denseBackwardWeights.js';
import { maxPool2d } from './maxPool2d.js';
import { maxPool2dBackward } from './maxPool2dBackward.js';
import { relu } from './relu.js';
import { reluBackward } from './reluBackward.js';
import { leakyRelu } from './leakyRelu.js';
import { leakyReluBackward } from './leakyReluBackward.js';
import { avgPool2d } from './avgPool2d.js';
import { avgPool2dBackward } from './avgPool2dBackward.js';
import { globalAvgPool, globalAvgPoolBackward } from './globalAvgPool.js';
import { batchNormBackward, batchNormForward, batchNormStatistics } from './batchNorm.js';

/** Tensors live on SharedArrayBuffers so that worker threads can share them. */
export function createReferenceBackend(dtype: FloatDtype): KernelBackend {
  const createBuffer =
    dtype === 'float64'
      ? (length: number): FloatArray => new Float64Array(new SharedArrayBuffer(length * 8))
      : (length: number): FloatArray => new Float32Array(new SharedArrayBuffer(length * 4));
  return {
    name: `reference-${dtype}`,
    dtype,
    createBuffer,
    createIndexBuffer: (length) => new Int32Array(new SharedArrayBuffer(length * 4)),
    conv2d,
    conv2dBackwardInput,
    conv2dBackwardFilter,
    maxPool2d,
    maxPool2dBackward,
    dense,
    denseBackwardInput,
    denseBackwardWeights,
    relu,
    reluBackward,
    leakyRelu,
    leakyReluBackward,
    avgPool2d,
    avgPool2dBackward,
    globalAvgPool,
    globalAvgPoolBackward,
    batchNormStatistics,
    batchNormForward,
    batchNormBackward,
  };
}

/** The float64 reference: the spec itself. */
export const referenceBackend: KernelBackend = createReferenceBackend('float64');
