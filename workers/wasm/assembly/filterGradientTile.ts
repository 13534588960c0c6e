// The register tile behind conv2dBackwardFilter: `rows` filter taps × 8 output
// channels (or 4, for the channels left over), summed over every output pixel
// of one image,
//
//   acc[r][o..o+8) += Σ_{i,j} x[taps + i·xRowBytes + 4j + 4r] · dyT[i·outWidth + j][o..o+8)
//
// The taps are neighbours in one row of a phase image (q, q+s, q+2s, … of one
// input channel and filter row), so their pixels sit side by side and each is
// one broadcast; a tap run's tile (filterGradientRunTile, at the end) may take
// its last taps from a second row. dyT holds dy transposed, one pixel's
// channels per row, so the 8 channels are two vector loads. Specialised per
// row count, width and split like gemmTile.

import { multiplyAdd } from './multiplyAdd';
import { MAX_TILE_ROWS } from './tileShape';

/** Where tap r of a tile split after `split` taps reads (see filterGradientRunTile). */
@inline
function tapAt(r: i32, split: i32, x: usize, xB: usize): usize {
  return r < split ? x + ((<usize>r) << 2) : xB + ((<usize>(r - split)) << 2);
}

@inline
function tile(
  rows: i32,
  wide: bool,
  split: i32,
  taps: usize,
  xBBytes: usize,
  xRowBytes: usize,
  dyT: usize,
  dyTRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
  accRowBytes: usize,
): void {
  const zero = f32x4.splat(0);
  let c00 = v128.load(acc);
  let c01 = wide ? v128.load(acc, 16) : zero;
  let c10 = rows > 1 ? v128.load(acc + accRowBytes) : zero;
  let c11 = wide && rows > 1 ? v128.load(acc + accRowBytes, 16) : zero;
  let c20 = rows > 2 ? v128.load(acc + 2 * accRowBytes) : zero;
  let c21 = wide && rows > 2 ? v128.load(acc + 2 * accRowBytes, 16) : zero;
  let c30 = rows > 3 ? v128.load(acc + 3 * accRowBytes) : zero;
  let c31 = wide && rows > 3 ? v128.load(acc + 3 * accRowBytes, 16) : zero;
  let c40 = rows > 4 ? v128.load(acc + 4 * accRowBytes) : zero;
  let c41 = wide && rows > 4 ? v128.load(acc + 4 * accRowBytes, 16) : zero;
  let c50 = rows > 5 ? v128.load(acc + 5 * accRowBytes) : zero;
  let c51 = wide && rows > 5 ? v128.load(acc + 5 * accRowBytes, 16) : zero;
  let d = dyT;
  const dEnd = dyT + <usize>(outHeight * outWidth) * dyTRowBytes;
  const rowBytes = (<usize>outWidth) << 2;
  const rowSkip = xRowBytes - rowBytes;
  let x = taps;
  let rowEnd = x + rowBytes;
  // One flat loop over the pixels, stepping to the next row by a branch: with
  // the rows as a nested loop V8 spilled accumulators of the 5- and 6-row
  // tiles and they ran at half speed (measured).
  while (d < dEnd) {
    const d0 = v128.load(d);
    const d1 = wide ? v128.load(d, 16) : zero;
    // With fused multiply-adds and 4 taps or more, taps 0–3 come from one
    // vector load and lane broadcasts rather than four broadcast loads (2–3%
    // faster); without fusion the shuffles crowd the multiplies and adds and
    // it is 11% slower, with 3 taps 2%, and with 6 the extra register makes V8
    // spill (measured).
    const fromVector = ASC_FEATURE_RELAXED_SIMD && rows > 3 && rows < 6 && split == rows;
    const xB = split < rows ? x + xBBytes : x;
    const near = fromVector ? v128.load(x) : zero;
    let s = fromVector ? v128.shuffle<f32>(near, near, 0, 0, 0, 0) : v128.load32_splat(x);
    c00 = multiplyAdd(s, d0, c00);
    if (wide) c01 = multiplyAdd(s, d1, c01);
    if (rows > 1) {
      s = fromVector ? v128.shuffle<f32>(near, near, 1, 1, 1, 1) : split == rows ? v128.load32_splat(x, 4) : v128.load32_splat(tapAt(1, split, x, xB));
      c10 = multiplyAdd(s, d0, c10);
      if (wide) c11 = multiplyAdd(s, d1, c11);
    }
    if (rows > 2) {
      s = fromVector ? v128.shuffle<f32>(near, near, 2, 2, 2, 2) : split == rows ? v128.load32_splat(x, 8) : v128.load32_splat(tapAt(2, split, x, xB));
      c20 = multiplyAdd(s, d0, c20);
      if (wide) c21 = multiplyAdd(s, d1, c21);
    }
    if (rows > 3) {
      s = fromVector ? v128.shuffle<f32>(near, near, 3, 3, 3, 3) : split == rows ? v128.load32_splat(x, 12) : v128.load32_splat(tapAt(3, split, x, xB));
      c30 = multiplyAdd(s, d0, c30);
      if (wide) c31 = multiplyAdd(s, d1, c31);
    }
    if (rows > 4) {
      s = split == rows ? v128.load32_splat(x, 16) : v128.load32_splat(tapAt(4, split, x, xB));
      c40 = multiplyAdd(s, d0, c40);
      if (wide) c41 = multiplyAdd(s, d1, c41);
    }
    if (rows > 5) {
      s = split == rows ? v128.load32_splat(x, 20) : v128.load32_splat(tapAt(5, split, x, xB));
      c50 = multiplyAdd(s, d0, c50);
      if (wide) c51 = multiplyAdd(s, d1, c51);
    }
    d += dyTRowBytes;
    x += 4;
    if (x == rowEnd) {
      x += rowSkip;
      rowEnd += xRowBytes;
    }
  }
  v128.store(acc, c00);
  if (wide) v128.store(acc, c01, 16);
  if (rows > 1) {
    acc += accRowBytes;
    v128.store(acc, c10);
    if (wide) v128.store(acc, c11, 16);
  }
  if (rows > 2) {
    acc += accRowBytes;
    v128.store(acc, c20);
    if (wide) v128.store(acc, c21, 16);
  }
  if (rows > 3) {
    acc += accRowBytes;
    v128.store(acc, c30);
    if (wide) v128.store(acc, c31, 16);
  }
  if (rows > 4) {
    acc += accRowBytes;
    v128.store(acc, c40);
    if (wide) v128.store(acc, c41, 16);
  }
  if (rows > 5) {
    acc += accRowBytes;
    v128.store(acc, c50);
    if (wide) v128.store(acc, c51, 16);
  }
}

function tile1(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(1, true, 1, x, 0, xr, d, dr, h, w, acc, ar);
}
function tile2(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(2, true, 2, x, 0, xr, d, dr, h, w, acc, ar);
}
function tile3(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(3, true, 3, x, 0, xr, d, dr, h, w, acc, ar);
}
function tile4(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(4, true, 4, x, 0, xr, d, dr, h, w, acc, ar);
}
function tile5(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(5, true, 5, x, 0, xr, d, dr, h, w, acc, ar);
}
function tile6(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(6, true, 6, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile1(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(1, false, 1, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile2(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(2, false, 2, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile3(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(3, false, 3, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile4(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(4, false, 4, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile5(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(5, false, 5, x, 0, xr, d, dr, h, w, acc, ar);
}
function narrowTile6(x: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(6, false, 6, x, 0, xr, d, dr, h, w, acc, ar);
}

/**
 * Adds one image's contribution to a rows × 8 tile (rows × 4 unless `wide`)
 * of the transposed filter gradient.
 */
export function filterGradientTile(
  rows: i32,
  wide: bool,
  taps: usize,
  xRowBytes: usize,
  dyT: usize,
  dyTRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
  accRowBytes: usize,
): void {
  if (wide) {
    switch (rows) {
      case 1: tile1(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 2: tile2(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 3: tile3(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 4: tile4(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 5: tile5(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      default: tile6(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes);
    }
    return;
  }
  switch (rows) {
    case 1: narrowTile1(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 2: narrowTile2(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 3: narrowTile3(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 4: narrowTile4(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 5: narrowTile5(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    default: narrowTile6(taps, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes);
  }
}

// The tiles of conv2dBackwardFilter's tap runs (see addTapRunTiles there): wide
// tiles whose taps may run over the end of one filter row into the next, the
// first `split` at `taps` and the rest from `taps + xBBytes`. With 5-tap rows,
// one row per tile left the 6th row of registers idle; 6 taps a tile is 6%
// less time per tap (measured). Their own copies of the one-row tiles (with a
// signature of their own, or the optimiser merges the identical functions)
// keep filterGradientTile the single caller of its small tiles, which are then
// inlined into it: called per tile, 3×3 filters over 8×8 images ran 5–25% slower.
function runTile1(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(1, true, 1, x, xb, xr, d, dr, h, w, acc, ar);
}
function runTile2(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(2, true, 2, x, xb, xr, d, dr, h, w, acc, ar);
}
function runTile3(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(3, true, 3, x, xb, xr, d, dr, h, w, acc, ar);
}
function runTile4(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(4, true, 4, x, xb, xr, d, dr, h, w, acc, ar);
}
function runTile5(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(5, true, 5, x, xb, xr, d, dr, h, w, acc, ar);
}
function runTile6(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(6, true, 6, x, xb, xr, d, dr, h, w, acc, ar);
}
function splitTile1(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(MAX_TILE_ROWS, true, 1, x, xb, xr, d, dr, h, w, acc, ar);
}
function splitTile2(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(MAX_TILE_ROWS, true, 2, x, xb, xr, d, dr, h, w, acc, ar);
}
function splitTile3(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(MAX_TILE_ROWS, true, 3, x, xb, xr, d, dr, h, w, acc, ar);
}
function splitTile4(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(MAX_TILE_ROWS, true, 4, x, xb, xr, d, dr, h, w, acc, ar);
}
function splitTile5(x: usize, xb: usize, xr: usize, d: usize, dr: usize, h: i32, w: i32, acc: usize, ar: usize): void {
  tile(MAX_TILE_ROWS, true, 5, x, xb, xr, d, dr, h, w, acc, ar);
}

/**
 * Adds one image's contribution to a wide tile of `rows` taps whose first
 * `split` are neighbours at `taps` and the rest neighbours at `taps + xBBytes`
 * (split < rows only for rows = MAX_TILE_ROWS); the gradient rows are consecutive.
 */
export function filterGradientRunTile(
  rows: i32,
  split: i32,
  taps: usize,
  xBBytes: usize,
  xRowBytes: usize,
  dyT: usize,
  dyTRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
  accRowBytes: usize,
): void {
  if (split < rows) {
    switch (split) {
      case 1: splitTile1(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 2: splitTile2(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 3: splitTile3(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      case 4: splitTile4(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
      default: splitTile5(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes);
    }
    return;
  }
  switch (rows) {
    case 1: runTile1(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 2: runTile2(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 3: runTile3(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 4: runTile4(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    case 5: runTile5(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes); break;
    default: runTile6(taps, xBBytes, xRowBytes, dyT, dyTRowBytes, outHeight, outWidth, acc, accRowBytes);
  }
}
