// dx = x > 0 ? dy : slope·dy.

export function leakyReluBackward(x: usize, dy: usize, dx: usize, length: i32, slope: f32): void {
  const zero = f32x4.splat(0);
  const slopes = f32x4.splat(slope);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const at = (<usize>k) << 2;
    const gradient = v128.load(dy + at);
    v128.store(dx + at, v128.bitselect(gradient, f32x4.mul(gradient, slopes), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; k < length; k++) {
    const gradient = load<f32>(dy + ((<usize>k) << 2));
    store<f32>(dx + ((<usize>k) << 2), load<f32>(x + ((<usize>k) << 2)) > 0 ? gradient : slope * gradient);
  }
}
