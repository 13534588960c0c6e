// y = x > 0 ? x : slope·x, four lanes at a time (a select on the comparison mask).

export function leakyRelu(x: usize, y: usize, length: i32, slope: f32): void {
  const zero = f32x4.splat(0);
  const slopes = f32x4.splat(slope);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const at = (<usize>k) << 2;
    const value = v128.load(x + at);
    v128.store(y + at, v128.bitselect(value, f32x4.mul(value, slopes), f32x4.gt(value, zero)));
  }
  for (; k < length; k++) {
    const value = load<f32>(x + ((<usize>k) << 2));
    store<f32>(y + ((<usize>k) << 2), value > 0 ? value : slope * value);
  }
}
