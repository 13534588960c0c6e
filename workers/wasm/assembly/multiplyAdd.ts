// The one arithmetic primitive every inner loop uses: acc + a·b on four lanes.
// The same source builds twice (see ../build.mjs): with relaxed SIMD it is a
// single fused multiply-add, otherwise a multiply and an add. Runtimes pick
// the relaxed build only where WebAssembly.validate accepts it.

/** acc + a·b, lane-wise. */
@inline
export function multiplyAdd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(f32x4.mul(a, b), acc);
}

/** The sum of the four lanes, in a fixed order. */
@inline
export function sumLanes(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
