// y = x > 0 ? x : 0. A mask rather than max(x, 0): −0 and NaN give +0, as in the reference.

export function relu(x: usize, y: usize, length: i32): void {
  const zero = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const at = (<usize>k) << 2;
    const value = v128.load(x + at);
    v128.store(y + at, v128.and(value, f32x4.gt(value, zero)));
  }
  for (; k < length; k++) {
    const value = load<f32>(x + ((<usize>k) << 2));
    store<f32>(y + ((<usize>k) << 2), value > 0 ? value : 0);
  }
}
