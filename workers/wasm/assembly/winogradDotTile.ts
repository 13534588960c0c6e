// The register tile of the Winograd filter gradient: for a few output
// channels o and input channels c of one transform position,
//   acc[o][c] += Σ_t dM[o][t] · V[c][t]
// with t (the tiles) running along both rows, four at a time. The sums stay
// as four lanes in `acc` (one v128 per pair) until the caller adds the lanes
// up once at the end, so every group of images costs one load and one store
// per pair. A call whose images are one group adds the lanes up here instead
// (dotProductSums) and stores a float per pair: a quarter of the bytes written and
// read back, which on 8×8 maps were megabytes a call for a few
// products each. As in gemmTile, one body is specialised per shape by
// inlining with constant `rows` and `cols`.

import { multiplyAdd, sumLanes } from './multiplyAdd';

/** Each accumulator's lanes added up, one float per pair, rows accRowBytes apart. */
@inline
function storeSums(
  rows: i32, cols: i32, acc: usize, accRowBytes: usize,
  a00: v128, a01: v128, a02: v128, a10: v128, a11: v128, a12: v128, a20: v128, a21: v128, a22: v128,
): void {
  store<f32>(acc, sumLanes(a00));
  if (cols > 1) store<f32>(acc, sumLanes(a01), 4);
  if (cols > 2) store<f32>(acc, sumLanes(a02), 8);
  if (rows > 1) {
    store<f32>(acc + accRowBytes, sumLanes(a10));
    if (cols > 1) store<f32>(acc + accRowBytes, sumLanes(a11), 4);
    if (cols > 2) store<f32>(acc + accRowBytes, sumLanes(a12), 8);
  }
  if (rows > 2) {
    store<f32>(acc + 2 * accRowBytes, sumLanes(a20));
    if (cols > 1) store<f32>(acc + 2 * accRowBytes, sumLanes(a21), 4);
    if (cols > 2) store<f32>(acc + 2 * accRowBytes, sumLanes(a22), 8);
  }
}

/** Output channels per tile. */
export const DOT_ROWS: i32 = 3;
/**
 * Input channels per tile: 3×3 holds 9 accumulators and 6 operands, 15 of
 * x64's 16 vector registers; unfused products need a temporary, so the plain
 * build stops at 3×2 (as tileShape.ts does for gemmTile).
 */
export const DOT_COLUMNS: i32 = ASC_FEATURE_RELAXED_SIMD ? 3 : 2;

@inline
function dotTile(
  rows: i32,
  cols: i32,
  dm: usize,
  dmRowBytes: usize,
  v: usize,
  vRowBytes: usize,
  tileBytes: usize,
  acc: usize,
  accRowBytes: usize,
  fresh: bool,
  summed: bool,
): void {
  const zero = f32x4.splat(0);
  let a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero, a20 = zero, a21 = zero, a22 = zero;
  if (!fresh) {
    a00 = v128.load(acc);
    if (cols > 1) a01 = v128.load(acc, 16);
    if (cols > 2) a02 = v128.load(acc, 32);
    if (rows > 1) a10 = v128.load(acc + accRowBytes);
    if (rows > 1 && cols > 1) a11 = v128.load(acc + accRowBytes, 16);
    if (rows > 1 && cols > 2) a12 = v128.load(acc + accRowBytes, 32);
    if (rows > 2) a20 = v128.load(acc + 2 * accRowBytes);
    if (rows > 2 && cols > 1) a21 = v128.load(acc + 2 * accRowBytes, 16);
    if (rows > 2 && cols > 2) a22 = v128.load(acc + 2 * accRowBytes, 32);
  }
  for (let t: usize = 0; t < tileBytes; t += 16) {
    const d0 = v128.load(dm + t);
    const d1 = rows > 1 ? v128.load(dm + dmRowBytes + t) : zero;
    const d2 = rows > 2 ? v128.load(dm + 2 * dmRowBytes + t) : zero;
    const v0 = v128.load(v + t);
    a00 = multiplyAdd(d0, v0, a00);
    if (rows > 1) a10 = multiplyAdd(d1, v0, a10);
    if (rows > 2) a20 = multiplyAdd(d2, v0, a20);
    if (cols > 1) {
      const v1 = v128.load(v + vRowBytes + t);
      a01 = multiplyAdd(d0, v1, a01);
      if (rows > 1) a11 = multiplyAdd(d1, v1, a11);
      if (rows > 2) a21 = multiplyAdd(d2, v1, a21);
    }
    if (cols > 2) {
      const v2 = v128.load(v + 2 * vRowBytes + t);
      a02 = multiplyAdd(d0, v2, a02);
      if (rows > 1) a12 = multiplyAdd(d1, v2, a12);
      if (rows > 2) a22 = multiplyAdd(d2, v2, a22);
    }
  }
  if (summed) {
    storeSums(rows, cols, acc, accRowBytes, a00, a01, a02, a10, a11, a12, a20, a21, a22);
    return;
  }
  v128.store(acc, a00);
  if (cols > 1) v128.store(acc, a01, 16);
  if (cols > 2) v128.store(acc, a02, 32);
  if (rows > 1) {
    v128.store(acc + accRowBytes, a10);
    if (cols > 1) v128.store(acc + accRowBytes, a11, 16);
    if (cols > 2) v128.store(acc + accRowBytes, a12, 32);
  }
  if (rows > 2) {
    v128.store(acc + 2 * accRowBytes, a20);
    if (cols > 1) v128.store(acc + 2 * accRowBytes, a21, 16);
    if (cols > 2) v128.store(acc + 2 * accRowBytes, a22, 32);
  }
}

// One non-inlined function per shape keeps each specialisation's registers to itself; the summing ones are
// functions of their own, so the four-lane loops compile exactly as they did before those existed.
function dot11(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(1, 1, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot12(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(1, 2, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot13(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(1, 3, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot21(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(2, 1, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot22(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(2, 2, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot23(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(2, 3, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot31(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(3, 1, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot32(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(3, 2, dm, dr, v, vr, n, acc, ar, fresh, false); }
function dot33(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize, fresh: bool): void { dotTile(3, 3, dm, dr, v, vr, n, acc, ar, fresh, false); }

/**
 * acc[r][s] += Σ_t dm[r][t] · v[s][t] lane-wise, for rows ≤ DOT_ROWS rows of
 * dm (dmRowBytes apart), cols ≤ DOT_COLUMNS rows of v, over tileBytes bytes of
 * each (a multiple of 16); acc holds one v128 per (r, s), rows accRowBytes apart.
 * `fresh`: acc starts from 0 instead of its contents (the first group of
 * images), which spares zeroing megabytes of sums before every call.
 */
export function dotProductTile(
  rows: i32,
  cols: i32,
  dm: usize,
  dmRowBytes: usize,
  v: usize,
  vRowBytes: usize,
  tileBytes: usize,
  acc: usize,
  accRowBytes: usize,
  fresh: bool,
): void {
  switch (rows * 4 + cols) {
    case 5: dot11(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 6: dot12(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 7: dot13(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 9: dot21(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 10: dot22(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 11: dot23(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 13: dot31(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    case 14: dot32(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh); break;
    default: dot33(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes, fresh);
  }
}

function sum11(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(1, 1, dm, dr, v, vr, n, acc, ar, true, true); }
function sum12(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(1, 2, dm, dr, v, vr, n, acc, ar, true, true); }
function sum13(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(1, 3, dm, dr, v, vr, n, acc, ar, true, true); }
function sum21(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(2, 1, dm, dr, v, vr, n, acc, ar, true, true); }
function sum22(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(2, 2, dm, dr, v, vr, n, acc, ar, true, true); }
function sum23(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(2, 3, dm, dr, v, vr, n, acc, ar, true, true); }
function sum31(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(3, 1, dm, dr, v, vr, n, acc, ar, true, true); }
function sum32(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(3, 2, dm, dr, v, vr, n, acc, ar, true, true); }
function sum33(dm: usize, dr: usize, v: usize, vr: usize, n: usize, acc: usize, ar: usize): void { dotTile(3, 3, dm, dr, v, vr, n, acc, ar, true, true); }

/**
 * dotProductTile for a call's only group: the products start from 0 and each
 * pair's four lanes are added up (sumLanes' order) into one float, acc holding
 * a float per (r, s), rows accRowBytes apart.
 */
export function dotProductSums(
  rows: i32,
  cols: i32,
  dm: usize,
  dmRowBytes: usize,
  v: usize,
  vRowBytes: usize,
  tileBytes: usize,
  acc: usize,
  accRowBytes: usize,
): void {
  switch (rows * 4 + cols) {
    case 5: sum11(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 6: sum12(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 7: sum13(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 9: sum21(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 10: sum22(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 11: sum23(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 13: sum31(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    case 14: sum32(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes); break;
    default: sum33(dm, dmRowBytes, v, vRowBytes, tileBytes, acc, accRowBytes);
  }
}
