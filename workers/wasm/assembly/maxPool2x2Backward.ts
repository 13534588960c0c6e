// maxPool2dBackward for 2×2 windows with stride 2 that tile the input exactly
// (every input pixel in one window): each window's four inputs get dy or 0 by
// comparing the recorded winner with their indices, and dx is written once,
// row by row, four windows a vector, instead of zero-filled and then scattered
// into. 0 + dy as the scatter adds it (a −0 becomes +0), so dx is the same to
// the bit.

@inline
function routeFour(dy: usize, argmax: usize, first: v128, inWidth: i32, top: usize): void {
  const zero = f32x4.splat(0);
  const gradient = v128.load(dy);
  const winner = v128.load(argmax);
  const topLeft = f32x4.add(zero, v128.and(gradient, i32x4.eq(winner, first)));
  const topRight = f32x4.add(zero, v128.and(gradient, i32x4.eq(winner, i32x4.add(first, i32x4.splat(1)))));
  const bottomLeft = f32x4.add(zero, v128.and(gradient, i32x4.eq(winner, i32x4.add(first, i32x4.splat(inWidth)))));
  const bottomRight = f32x4.add(zero, v128.and(gradient, i32x4.eq(winner, i32x4.add(first, i32x4.splat(inWidth + 1)))));
  const bottom = top + ((<usize>inWidth) << 2);
  v128.store(top, v128.shuffle<f32>(topLeft, topRight, 0, 4, 1, 5));
  v128.store(top, v128.shuffle<f32>(topLeft, topRight, 2, 6, 3, 7), 16);
  v128.store(bottom, v128.shuffle<f32>(bottomLeft, bottomRight, 0, 4, 1, 5));
  v128.store(bottom, v128.shuffle<f32>(bottomLeft, bottomRight, 2, 6, 3, 7), 16);
}

/** `planes` = batch·channels maps of 2·outHeight × 2·outWidth inputs; argmax holds flat indices into the whole dx. */
export function maxPool2x2Backward(dy: usize, argmax: usize, dx: usize, planes: i32, outHeight: i32, outWidth: i32): void {
  const inWidth = 2 * outWidth;
  const rows = planes * outHeight;
  for (let row = 0; row < rows; row++) {
    // Output row `row` of all planes' rows covers input rows 2·row and 2·row + 1 of the flattened planes.
    const rowStart = 2 * row * inWidth;
    const dyRow = dy + ((<usize>(row * outWidth)) << 2);
    const argmaxRow = argmax + ((<usize>(row * outWidth)) << 2);
    let j = 0;
    for (; j + 4 <= outWidth; j += 4) {
      const first = i32x4.add(i32x4.splat(rowStart + 2 * j), i32x4(0, 2, 4, 6));
      routeFour(dyRow + ((<usize>j) << 2), argmaxRow + ((<usize>j) << 2), first, inWidth, dx + ((<usize>(rowStart + 2 * j)) << 2));
    }
    for (; j < outWidth; j++) {
      const winner = load<i32>(argmaxRow + ((<usize>j) << 2));
      const gradient: f32 = 0 + load<f32>(dyRow + ((<usize>j) << 2));
      const first = rowStart + 2 * j;
      const top = dx + ((<usize>first) << 2);
      const bottom = top + ((<usize>inWidth) << 2);
      store<f32>(top, winner == first ? gradient : 0);
      store<f32>(top, winner == first + 1 ? gradient : 0, 4);
      store<f32>(bottom, winner == first + inWidth ? gradient : 0);
      store<f32>(bottom, winner == first + inWidth + 1 ? gradient : 0, 4);
    }
  }
}
