// Curve smoothing the way TensorBoard does it: an exponential moving average
// whose running value starts at zero and is divided by (1 − weightⁿ), as Adam
// debiases its moments. Without that division the first points would be
// dragged toward zero and a loss curve would appear to start low.

/** Smooths `values` with weight in [0, 1): 0 returns them unchanged. Non-finite values pass through and are skipped. */
export function smoothEma(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  }
  const smoothed: number[] = [];
  let running = 0;
  let finiteSeen = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) {
      smoothed.push(value);
      continue;
    }
    finiteSeen += 1;
    running = running * weight + (1 - weight) * value;
    const debias = weight === 0 ? 1 : 1 - Math.pow(weight, finiteSeen);
    smoothed.push(running / debias);
  }
  return smoothed;
}
