// Sums over one row of `area` contiguous floats, four lanes at a time, the
// building blocks of the per-channel kernels (global pooling, batch norm, the
// bias gradient).

import { sumLanes } from './multiplyAdd';

@inline
export function horizontalSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Σ row[k]. */
export function rowSum(row: usize, area: i32): f32 {
  let lanes = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= area; k += 4) lanes = f32x4.add(lanes, v128.load(row + ((<usize>k) << 2)));
  let sum = horizontalSum(lanes);
  for (; k < area; k++) sum += load<f32>(row + ((<usize>k) << 2));
  return sum;
}

/** Σ (row[k] − center)². */
export function rowSquaredDeviation(row: usize, area: i32, center: f32): f32 {
  const centers = f32x4.splat(center);
  let lanes = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= area; k += 4) {
    const d = f32x4.sub(v128.load(row + ((<usize>k) << 2)), centers);
    lanes = f32x4.add(lanes, f32x4.mul(d, d));
  }
  let sum = horizontalSum(lanes);
  for (; k < area; k++) {
    const d = load<f32>(row + ((<usize>k) << 2)) - center;
    sum += d * d;
  }
  return sum;
}

/** sums[o] += Σ of channel o's pixels, for `channels` planes of `pixels` floats: a convolution's bias gradient, image by image. */
export function addChannelSums(planes: usize, channels: i32, pixels: i32, sums: usize): void {
  for (let o = 0; o < channels; o++) {
    const plane = planes + ((<usize>(o * pixels)) << 2);
    let lanes = f32x4.splat(0);
    let k = 0;
    for (; k + 4 <= pixels; k += 4) lanes = f32x4.add(lanes, v128.load(plane + ((<usize>k) << 2)));
    let sum = sumLanes(lanes);
    for (; k < pixels; k++) sum += load<f32>(plane + ((<usize>k) << 2));
    const at = sums + ((<usize>o) << 2);
    store<f32>(at, load<f32>(at) + sum);
  }
}
