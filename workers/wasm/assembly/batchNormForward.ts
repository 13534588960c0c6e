// x̂ = (x − μ[c])·invStd[c] and y = γ[c]·x̂ + β[c], row by row; with `relu`,
// y = max(0, γ[c]·x̂ + β[c]) as the ReLU kernel computes it (x > 0 ? x : 0),
// written where the ReLU after the batch norm keeps its output.

export function batchNormForward(
  x: usize, mean: usize, variance: usize, scale: usize, shift: usize, xHat: usize, y: usize, epsilon: f32,
  batch: i32, channels: i32, area: i32, relu: bool,
): void {
  const zero = f32x4.splat(0);
  for (let c = 0; c < channels; c++) {
    const mu = load<f32>(mean + ((<usize>c) << 2));
    const invStd: f32 = 1 / Mathf.sqrt(load<f32>(variance + ((<usize>c) << 2)) + epsilon);
    const gamma = load<f32>(scale + ((<usize>c) << 2));
    const beta = load<f32>(shift + ((<usize>c) << 2));
    const mus = f32x4.splat(mu);
    const invStds = f32x4.splat(invStd);
    const gammas = f32x4.splat(gamma);
    const betas = f32x4.splat(beta);
    for (let n = 0; n < batch; n++) {
      const offset = (<usize>((n * channels + c) * area)) << 2;
      let k = 0;
      for (; k + 4 <= area; k += 4) {
        const at = offset + ((<usize>k) << 2);
        const normalized = f32x4.mul(f32x4.sub(v128.load(x + at), mus), invStds);
        v128.store(xHat + at, normalized);
        const value = f32x4.add(f32x4.mul(gammas, normalized), betas);
        v128.store(y + at, relu ? v128.and(value, f32x4.gt(value, zero)) : value);
      }
      for (; k < area; k++) {
        const at = offset + ((<usize>k) << 2);
        const normalized = (load<f32>(x + at) - mu) * invStd;
        store<f32>(xHat + at, normalized);
        const value = gamma * normalized + beta;
        store<f32>(y + at, relu && !(value > 0) ? 0 : value);
      }
    }
  }
}
