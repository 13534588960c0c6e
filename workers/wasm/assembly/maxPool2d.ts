// Max over each size×size window, recording the flat input index of the first
// maximum: the comparison is strict, so among equal values the earliest in
// row-major order wins (and NaN, never greater, never displaces a winner).
// The common 2×2 stride-2 pool runs four windows per step.

function poolWindow(x: usize, at: i32, inWidth: i32, size: i32, y: usize, argmax: usize): void {
  let best = load<f32>(x + ((<usize>at) << 2));
  let bestIndex = at;
  for (let p = 0; p < size; p++) {
    for (let q = 0; q < size; q++) {
      const index = at + p * inWidth + q;
      const value = load<f32>(x + ((<usize>index) << 2));
      // Selects, not a branch: on real data the winner is unpredictable.
      const wins = value > best;
      best = select<f32>(value, best, wins);
      bestIndex = select<i32>(index, bestIndex, wins);
    }
  }
  store<f32>(y, best);
  store<i32>(argmax, bestIndex);
}

/** Four 2×2 stride-2 windows, starting at output column j of a row. */
@inline
function poolFour2x2(x: usize, y: usize, argmax: usize, rowStart: i32, inWidth: i32, j: i32): void {
  const top = x + ((<usize>(rowStart + 2 * j)) << 2);
  const bottom = top + ((<usize>inWidth) << 2);
  const t0 = v128.load(top);
  const t1 = v128.load(top, 16);
  const b0 = v128.load(bottom);
  const b1 = v128.load(bottom, 16);
  const topLeft = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6);
  const topRight = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
  const bottomLeft = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
  const bottomRight = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
  const first = i32x4.add(i32x4.splat(rowStart + 2 * j), i32x4(0, 2, 4, 6));
  let best = topLeft;
  let index = first;
  let wins = f32x4.gt(topRight, best);
  best = v128.bitselect(topRight, best, wins);
  index = v128.bitselect(i32x4.add(first, i32x4.splat(1)), index, wins);
  wins = f32x4.gt(bottomLeft, best);
  best = v128.bitselect(bottomLeft, best, wins);
  index = v128.bitselect(i32x4.add(first, i32x4.splat(inWidth)), index, wins);
  wins = f32x4.gt(bottomRight, best);
  best = v128.bitselect(bottomRight, best, wins);
  index = v128.bitselect(i32x4.add(first, i32x4.splat(inWidth + 1)), index, wins);
  v128.store(y + ((<usize>j) << 2), best);
  v128.store(argmax + ((<usize>j) << 2), index);
}

/**
 * One output row of a 2×2 stride-2 pool, four windows at a time. A ragged end
 * is covered by one more group ending at the last window, recomputing a few
 * windows rather than falling back to scalar code. 2·outWidth ≤ inWidth, so
 * every group's eight input columns lie inside the row.
 */
function poolRow2x2(x: usize, y: usize, argmax: usize, rowStart: i32, inWidth: i32, outWidth: i32): void {
  let j = 0;
  for (; j + 4 <= outWidth; j += 4) poolFour2x2(x, y, argmax, rowStart, inWidth, j);
  if (j < outWidth) poolFour2x2(x, y, argmax, rowStart, inWidth, outWidth - 4);
}

export function maxPool2d(
  x: usize,
  y: usize,
  argmax: usize,
  batch: i32,
  channels: i32,
  inHeight: i32,
  inWidth: i32,
  size: i32,
  stride: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  const planes = batch * channels;
  for (let plane = 0; plane < planes; plane++) {
    const planeStart = plane * inHeight * inWidth;
    for (let i = 0; i < outHeight; i++) {
      const rowStart = planeStart + i * stride * inWidth;
      const out = (plane * outHeight + i) * outWidth;
      const yRow = y + ((<usize>out) << 2);
      const argmaxRow = argmax + ((<usize>out) << 2);
      if (size == 2 && stride == 2 && outWidth >= 4) {
        poolRow2x2(x, yRow, argmaxRow, rowStart, inWidth, outWidth);
        continue;
      }
      for (let j = 0; j < outWidth; j++) {
        poolWindow(x, rowStart + j * stride, inWidth, size, yRow + ((<usize>j) << 2), argmaxRow + ((<usize>j) << 2));
      }
    }
  }
}
