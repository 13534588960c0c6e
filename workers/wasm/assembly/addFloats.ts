// sum[i] += x[i]: the pool's gradient reduction adds each chunk's slot to the
// batch's sum with it. One float32 addition per element, rounded as the
// inline executor's loop rounds it, so both sums agree bit for bit.

export function addFloats(sum: usize, x: usize, length: i32): void {
  const vectors = length & ~3;
  let i = 0;
  for (; i < vectors; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(sum + at, f32x4.add(v128.load(sum + at), v128.load(x + at)));
  }
  for (; i < length; i++) {
    const at = (<usize>i) << 2;
    store<f32>(sum + at, load<f32>(sum + at) + load<f32>(x + at));
  }
}
