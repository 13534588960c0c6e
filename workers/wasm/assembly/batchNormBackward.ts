// dβ[c] = Σ dy, dγ[c] = Σ dy·x̂; with batch statistics
// dx = γ·invStd·(dy − dβ/M − x̂·dγ/M), with fixed ones dx = γ·invStd·dy
// (see workers/kernels/reference/batchNorm.ts). withInputGradient = 0 skips dx
// (the first layer of a network needs none). With `masked`, dy is
// the gradient of a ReLU after the batch norm, masked as it is read by that
// ReLU's output (dy where the output > 0, else 0, as reluBackward does).

import { horizontalSum } from './channelRows';

@inline
function gradientAt(dy: usize, masked: bool, reluOutput: usize, at: usize): v128 {
  const gradient = v128.load(dy + at);
  return masked ? v128.and(gradient, f32x4.gt(v128.load(reluOutput + at), f32x4.splat(0))) : gradient;
}

@inline
function scalarGradientAt(dy: usize, masked: bool, reluOutput: usize, at: usize): f32 {
  return masked && !(load<f32>(reluOutput + at) > 0) ? 0 : load<f32>(dy + at);
}

export function batchNormBackward(
  dy: usize, xHat: usize, variance: usize, scale: usize, dx: usize, withInputGradient: i32, dscale: usize, dshift: usize, epsilon: f32, batchStatistics: i32,
  batch: i32, channels: i32, area: i32, masked: bool, reluOutput: usize,
): void {
  const count = <f32>(batch * area);
  for (let c = 0; c < channels; c++) {
    let sumDy: f64 = 0;
    let sumDyXHat: f64 = 0;
    for (let n = 0; n < batch; n++) {
      const offset = (<usize>((n * channels + c) * area)) << 2;
      let lanesDy = f32x4.splat(0);
      let lanesDyXHat = f32x4.splat(0);
      let k = 0;
      for (; k + 4 <= area; k += 4) {
        const at = offset + ((<usize>k) << 2);
        const gradient = gradientAt(dy, masked, reluOutput, at);
        lanesDy = f32x4.add(lanesDy, gradient);
        lanesDyXHat = f32x4.add(lanesDyXHat, f32x4.mul(gradient, v128.load(xHat + at)));
      }
      let rowDy = horizontalSum(lanesDy);
      let rowDyXHat = horizontalSum(lanesDyXHat);
      for (; k < area; k++) {
        const at = offset + ((<usize>k) << 2);
        const gradient = scalarGradientAt(dy, masked, reluOutput, at);
        rowDy += gradient;
        rowDyXHat += gradient * load<f32>(xHat + at);
      }
      sumDy += <f64>rowDy;
      sumDyXHat += <f64>rowDyXHat;
    }
    store<f32>(dshift + ((<usize>c) << 2), <f32>sumDy);
    store<f32>(dscale + ((<usize>c) << 2), <f32>sumDyXHat);
    if (!withInputGradient) continue;
    const gain: f32 = load<f32>(scale + ((<usize>c) << 2)) / Mathf.sqrt(load<f32>(variance + ((<usize>c) << 2)) + epsilon);
    const meanDy: f32 = batchStatistics ? <f32>sumDy / count : 0;
    const meanDyXHat: f32 = batchStatistics ? <f32>sumDyXHat / count : 0;
    const gains = f32x4.splat(gain);
    const meanDys = f32x4.splat(meanDy);
    const meanDyXHats = f32x4.splat(meanDyXHat);
    for (let n = 0; n < batch; n++) {
      const offset = (<usize>((n * channels + c) * area)) << 2;
      let k = 0;
      for (; k + 4 <= area; k += 4) {
        const at = offset + ((<usize>k) << 2);
        const centered = f32x4.sub(f32x4.sub(gradientAt(dy, masked, reluOutput, at), meanDys), f32x4.mul(v128.load(xHat + at), meanDyXHats));
        v128.store(dx + at, f32x4.mul(gains, centered));
      }
      for (; k < area; k++) {
        const at = offset + ((<usize>k) << 2);
        store<f32>(dx + at, gain * (scalarGradientAt(dy, masked, reluOutput, at) - meanDy - load<f32>(xHat + at) * meanDyXHat));
      }
    }
  }
}
