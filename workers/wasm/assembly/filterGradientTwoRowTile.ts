// filterGradientTile for short filter rows: the taps of two filter rows at
// once. Each accumulator takes one multiply-add per pixel, a chain as long as
// the image, so a tile with few accumulators (3 taps × 8 channels, or a row ×
// the 4 channels left over after the 8-channel tiles) waits on the latency
// rather than the throughput. Covering rows p and p+1 together doubles the
// chains (measured: 3×3 filters 11% faster, the 4-channel remainder of a 5×5
// layer 3%):
//
//   acc [r][o..) += Σ_{i,j} x[taps            + i·xRowBytes + 4j + 4r] · dyT[i·outWidth + j][o..)
//   accB[r][o..) += Σ_{i,j} x[taps + xBBytes  + i·xRowBytes + 4j + 4r] · dyT[i·outWidth + j][o..)
//
// with `rows` taps per filter row: up to 3 × 8 channels (`wide`) or 6 × 4
// (2 and 5 in the build without fused multiply-adds, as tileShape.ts explains).
// Stride-1 layers whose rows suit tap runs (conv2dBackwardFilter.ts) use those
// for their 8-channel tiles instead.

import { multiplyAdd } from './multiplyAdd';
import { MAX_TILE_ROWS } from './tileShape';

@inline
function twoRowTile(
  rows: i32,
  wide: bool,
  taps: usize,
  xBBytes: usize,
  xRowBytes: usize,
  dyT: usize,
  dyTRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
  accBBytes: usize,
  accRowBytes: usize,
): void {
  const zero = f32x4.splat(0);
  const accB = acc + accBBytes;
  // cR0 (and cR1, when wide) for tap R of row p; eR0, eR1 for row p+1.
  let c00 = v128.load(acc);
  let c01 = wide ? v128.load(acc, 16) : zero;
  let c10 = rows > 1 ? v128.load(acc + accRowBytes) : zero;
  let c11 = wide && rows > 1 ? v128.load(acc + accRowBytes, 16) : zero;
  let c20 = rows > 2 ? v128.load(acc + 2 * accRowBytes) : zero;
  let c21 = wide && rows > 2 ? v128.load(acc + 2 * accRowBytes, 16) : zero;
  let c30 = rows > 3 ? v128.load(acc + 3 * accRowBytes) : zero;
  let c40 = rows > 4 ? v128.load(acc + 4 * accRowBytes) : zero;
  let c50 = rows > 5 ? v128.load(acc + 5 * accRowBytes) : zero;
  let e00 = v128.load(accB);
  let e01 = wide ? v128.load(accB, 16) : zero;
  let e10 = rows > 1 ? v128.load(accB + accRowBytes) : zero;
  let e11 = wide && rows > 1 ? v128.load(accB + accRowBytes, 16) : zero;
  let e20 = rows > 2 ? v128.load(accB + 2 * accRowBytes) : zero;
  let e21 = wide && rows > 2 ? v128.load(accB + 2 * accRowBytes, 16) : zero;
  let e30 = rows > 3 ? v128.load(accB + 3 * accRowBytes) : zero;
  let e40 = rows > 4 ? v128.load(accB + 4 * accRowBytes) : zero;
  let e50 = rows > 5 ? v128.load(accB + 5 * accRowBytes) : zero;
  let d = dyT;
  const dEnd = dyT + <usize>(outHeight * outWidth) * dyTRowBytes;
  const rowBytes = (<usize>outWidth) << 2;
  const rowSkip = xRowBytes - rowBytes;
  let x = taps;
  let rowEnd = x + rowBytes;
  while (d < dEnd) {
    const d0 = v128.load(d);
    const d1 = wide ? v128.load(d, 16) : zero;
    const xB = x + xBBytes;
    let s = v128.load32_splat(x);
    c00 = multiplyAdd(s, d0, c00);
    if (wide) c01 = multiplyAdd(s, d1, c01);
    if (rows > 1) {
      s = v128.load32_splat(x, 4);
      c10 = multiplyAdd(s, d0, c10);
      if (wide) c11 = multiplyAdd(s, d1, c11);
    }
    if (rows > 2) {
      s = v128.load32_splat(x, 8);
      c20 = multiplyAdd(s, d0, c20);
      if (wide) c21 = multiplyAdd(s, d1, c21);
    }
    if (rows > 3) c30 = multiplyAdd(v128.load32_splat(x, 12), d0, c30);
    if (rows > 4) c40 = multiplyAdd(v128.load32_splat(x, 16), d0, c40);
    if (rows > 5) c50 = multiplyAdd(v128.load32_splat(x, 20), d0, c50);
    s = v128.load32_splat(xB);
    e00 = multiplyAdd(s, d0, e00);
    if (wide) e01 = multiplyAdd(s, d1, e01);
    if (rows > 1) {
      s = v128.load32_splat(xB, 4);
      e10 = multiplyAdd(s, d0, e10);
      if (wide) e11 = multiplyAdd(s, d1, e11);
    }
    if (rows > 2) {
      s = v128.load32_splat(xB, 8);
      e20 = multiplyAdd(s, d0, e20);
      if (wide) e21 = multiplyAdd(s, d1, e21);
    }
    if (rows > 3) e30 = multiplyAdd(v128.load32_splat(xB, 12), d0, e30);
    if (rows > 4) e40 = multiplyAdd(v128.load32_splat(xB, 16), d0, e40);
    if (rows > 5) e50 = multiplyAdd(v128.load32_splat(xB, 20), d0, e50);
    d += dyTRowBytes;
    x += 4;
    if (x == rowEnd) {
      x += rowSkip;
      rowEnd += xRowBytes;
    }
  }
  v128.store(acc, c00);
  if (wide) v128.store(acc, c01, 16);
  if (rows > 1) v128.store(acc + accRowBytes, c10);
  if (wide && rows > 1) v128.store(acc + accRowBytes, c11, 16);
  if (rows > 2) v128.store(acc + 2 * accRowBytes, c20);
  if (wide && rows > 2) v128.store(acc + 2 * accRowBytes, c21, 16);
  if (rows > 3) v128.store(acc + 3 * accRowBytes, c30);
  if (rows > 4) v128.store(acc + 4 * accRowBytes, c40);
  if (rows > 5) v128.store(acc + 5 * accRowBytes, c50);
  v128.store(accB, e00);
  if (wide) v128.store(accB, e01, 16);
  if (rows > 1) v128.store(accB + accRowBytes, e10);
  if (wide && rows > 1) v128.store(accB + accRowBytes, e11, 16);
  if (rows > 2) v128.store(accB + 2 * accRowBytes, e20);
  if (wide && rows > 2) v128.store(accB + 2 * accRowBytes, e21, 16);
  if (rows > 3) v128.store(accB + 3 * accRowBytes, e30);
  if (rows > 4) v128.store(accB + 4 * accRowBytes, e40);
  if (rows > 5) v128.store(accB + 5 * accRowBytes, e50);
}

// One non-inlined function per shape, as in filterGradientTile.ts.
function twoRowTile1(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(1, true, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function twoRowTile2(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(2, true, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function twoRowTile3(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(3, true, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile1(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(1, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile2(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(2, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile3(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(3, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile4(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(4, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile5(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(5, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}
function narrowTwoRowTile6(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ab: usize, ar: usize): void {
  twoRowTile(6, false, x, xb, xr, d, dr, h, w, acc, ab, ar);
}

/** Whether a tile of `rows` taps (× 8 channels if `wide`, else × 4) runs faster two filter rows at a time. */
@inline
export function pairsFilterRows(rows: i32, wide: bool): bool {
  // As many accumulators as the one-row tiles' largest (see tileShape.ts).
  return (wide ? 4 * rows : 2 * rows) <= 2 * MAX_TILE_ROWS;
}

/**
 * Adds one image's contribution to the tiles of two filter rows: row p's taps
 * at `taps`, row p+1's `xBBytes` further on, their gradient rows `accBBytes` apart.
 */
export function filterGradientTwoRowTile(
  rows: i32,
  wide: bool,
  taps: usize,
  xBBytes: usize,
  xRowBytes: usize,
  dyT: usize,
  dyTRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
  accBBytes: usize,
  accRowBytes: usize,
): void {
  if (wide) {
    switch (rows) {
      case 1: twoRowTile1(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
      case 2: twoRowTile2(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
      default: twoRowTile3(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes);
    }
    return;
  }
  switch (rows) {
    case 1: narrowTwoRowTile1(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
    case 2: narrowTwoRowTile2(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
    case 3: narrowTwoRowTile3(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
    case 4: narrowTwoRowTile4(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
    case 5: narrowTwoRowTile5(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes); break;
    default: narrowTwoRowTile6(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accBBytes, accRowBytes);
  }
}
