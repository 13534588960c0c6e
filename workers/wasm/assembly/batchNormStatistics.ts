// Per-channel mean and biased variance over the batch and the area, in two
// passes (Σ(x − μ)² rather than E[x²] − μ², which cancels badly in float32).
// Each row is summed in float32 lanes, the rows of a channel in float64.

import { rowSquaredDeviation, rowSum } from './channelRows';

export function batchNormStatistics(x: usize, mean: usize, variance: usize, batch: i32, channels: i32, area: i32): void {
  const count = <f64>batch * <f64>area;
  for (let c = 0; c < channels; c++) {
    let sum: f64 = 0;
    for (let n = 0; n < batch; n++) sum += <f64>rowSum(x + ((<usize>((n * channels + c) * area)) << 2), area);
    const mu = <f32>(sum / count);
    let squares: f64 = 0;
    for (let n = 0; n < batch; n++) squares += <f64>rowSquaredDeviation(x + ((<usize>((n * channels + c) * area)) << 2), area, mu);
    store<f32>(mean + ((<usize>c) << 2), mu);
    store<f32>(variance + ((<usize>c) << 2), <f32>(squares / count));
  }
}
