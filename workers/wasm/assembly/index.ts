// The kernels the fast backend calls. Every pointer is a byte offset into the
// imported shared memory; nothing here allocates, so any number of instances
// (one per worker thread) can run over one memory at once, each inside the
// arrays and scratch region its caller hands it.

export { conv2d, conv2dKeptFilterBytes, conv2dScratchBytes } from './conv2d';
export { conv2dBackwardInput, conv2dBackwardInputKeptFilterBytes, conv2dBackwardInputScratchBytes } from './conv2dBackwardInput';
export { conv2dBackwardFilter, conv2dBackwardFilterScratchBytes } from './conv2dBackwardFilter';
export { maxPool2d } from './maxPool2d';
export { maxPool2dBackward } from './maxPool2dBackward';
export { maxPool2x2Backward } from './maxPool2x2Backward';
export { dense } from './dense';
export { denseBackwardInput } from './denseBackwardInput';
export { denseBackwardWeights } from './denseBackwardWeights';
export { relu } from './relu';
export { reluBackward } from './reluBackward';
export { leakyRelu } from './leakyRelu';
export { leakyReluBackward } from './leakyReluBackward';
export { avgPool2d } from './avgPool2d';
export { avgPool2dBackward } from './avgPool2dBackward';
export { globalAvgPool } from './globalAvgPool';
export { globalAvgPoolBackward } from './globalAvgPoolBackward';
export { batchNormStatistics } from './batchNormStatistics';
export { batchNormForward } from './batchNormForward';
export { batchNormBackward } from './batchNormBackward';
export { winogradApplies } from './winogradLayout';
export { addFloats } from './addFloats';

/** Whether this build fuses its multiply-adds (relaxed SIMD): part of the backend's name. */
export function usesRelaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}
