// dx = dy where x > 0, else 0: the derivative at exactly 0 is 0.

export function reluBackward(x: usize, dy: usize, dx: usize, length: i32): void {
  const zero = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const at = (<usize>k) << 2;
    v128.store(dx + at, v128.and(v128.load(dy + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; k < length; k++) {
    const at = (<usize>k) << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(dy + at) : 0);
  }
}
