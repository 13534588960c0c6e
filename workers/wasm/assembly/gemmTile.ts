// The register tile behind every convolution: rows × 8 outputs,
//
//   out[r][0..8) = bias[r] + Σ_k A[k][r] · B[columns + kOffsets[k] .. +8)
//
// A (the filters) is packed k-major, so each k reads its `rows` broadcasts from
// consecutive floats. B is reached through a table of byte offsets, one per k:
// pointed at a padded image, B[(c,p,q), pixel] is the input pixel under filter
// tap (c,p,q), so the tile convolves straight from the image without an im2col
// copy. The body is written once and specialised per row count by inlining
// with a constant `rows`; the optimiser folds the branches away. ReLU is left
// to the caller (see tiledConvolution.ts).

import { multiplyAdd } from './multiplyAdd';

@inline
function tile(
  rows: i32,
  packedA: usize,
  columns: usize,
  kOffsets: usize,
  kCount: i32,
  bias: usize,
  out: usize,
  outRowBytes: usize,
  adding: bool,
): void {
  const zero = f32x4.splat(0);
  let c00 = v128.load32_splat(bias);
  let c01 = c00;
  let c10 = rows > 1 ? v128.load32_splat(bias, 4) : zero;
  let c11 = c10;
  let c20 = rows > 2 ? v128.load32_splat(bias, 8) : zero;
  let c21 = c20;
  let c30 = rows > 3 ? v128.load32_splat(bias, 12) : zero;
  let c31 = c30;
  let c40 = rows > 4 ? v128.load32_splat(bias, 16) : zero;
  let c41 = c40;
  let c50 = rows > 5 ? v128.load32_splat(bias, 20) : zero;
  let c51 = c50;
  if (adding) {
    // out += the products (bias unused): sums over K too long for one call, in parts.
    c00 = v128.load(out);
    c01 = v128.load(out, 16);
    c10 = v128.load(out + outRowBytes);
    c11 = v128.load(out + outRowBytes, 16);
    c20 = v128.load(out + 2 * outRowBytes);
    c21 = v128.load(out + 2 * outRowBytes, 16);
    c30 = v128.load(out + 3 * outRowBytes);
    c31 = v128.load(out + 3 * outRowBytes, 16);
  }
  let a = packedA;
  const kEnd = kOffsets + ((<usize>kCount) << 2);
  for (let k = kOffsets; k < kEnd; k += 4) {
    const b = columns + <usize>load<u32>(k);
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    // As in filterGradientTile: with fused multiply-adds and 4 or 5 rows, rows
    // 0–3 come from one vector load and lane broadcasts (1–2% faster; at 6
    // rows the extra register would make V8 spill).
    const fromVector = ASC_FEATURE_RELAXED_SIMD && rows > 3 && rows < 6;
    const near = fromVector ? v128.load(a) : zero;
    let s = fromVector ? v128.shuffle<f32>(near, near, 0, 0, 0, 0) : v128.load32_splat(a);
    c00 = multiplyAdd(s, b0, c00);
    c01 = multiplyAdd(s, b1, c01);
    if (rows > 1) {
      s = fromVector ? v128.shuffle<f32>(near, near, 1, 1, 1, 1) : v128.load32_splat(a, 4);
      c10 = multiplyAdd(s, b0, c10);
      c11 = multiplyAdd(s, b1, c11);
    }
    if (rows > 2) {
      s = fromVector ? v128.shuffle<f32>(near, near, 2, 2, 2, 2) : v128.load32_splat(a, 8);
      c20 = multiplyAdd(s, b0, c20);
      c21 = multiplyAdd(s, b1, c21);
    }
    if (rows > 3) {
      s = fromVector ? v128.shuffle<f32>(near, near, 3, 3, 3, 3) : v128.load32_splat(a, 12);
      c30 = multiplyAdd(s, b0, c30);
      c31 = multiplyAdd(s, b1, c31);
    }
    if (rows > 4) {
      s = v128.load32_splat(a, 16);
      c40 = multiplyAdd(s, b0, c40);
      c41 = multiplyAdd(s, b1, c41);
    }
    if (rows > 5) {
      s = v128.load32_splat(a, 20);
      c50 = multiplyAdd(s, b0, c50);
      c51 = multiplyAdd(s, b1, c51);
    }
    a += (<usize>rows) << 2;
  }
  v128.store(out, c00);
  v128.store(out, c01, 16);
  if (rows > 1) {
    out += outRowBytes;
    v128.store(out, c10);
    v128.store(out, c11, 16);
  }
  if (rows > 2) {
    out += outRowBytes;
    v128.store(out, c20);
    v128.store(out, c21, 16);
  }
  if (rows > 3) {
    out += outRowBytes;
    v128.store(out, c30);
    v128.store(out, c31, 16);
  }
  if (rows > 4) {
    out += outRowBytes;
    v128.store(out, c40);
    v128.store(out, c41, 16);
  }
  if (rows > 5) {
    out += outRowBytes;
    v128.store(out, c50);
    v128.store(out, c51, 16);
  }
}

// One non-inlined function per row count keeps each specialisation's
// registers to itself.
function tile1(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(1, a, b, k, n, bias, out, stride, false);
}
function tile2(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(2, a, b, k, n, bias, out, stride, false);
}
function tile3(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(3, a, b, k, n, bias, out, stride, false);
}
function tile4(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(4, a, b, k, n, bias, out, stride, false);
}
function tile5(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(5, a, b, k, n, bias, out, stride, false);
}
function tile6(a: usize, b: usize, k: usize, n: i32, bias: usize, out: usize, stride: usize): void {
  tile(6, a, b, k, n, bias, out, stride, false);
}

/**
 * Computes one rows × 8 tile (rows in 1..MAX_TILE_ROWS) into `out`, whose rows
 * are `outRowBytes` apart; `bias` holds one value per row.
 */
export function gemmTile(
  rows: i32,
  packedA: usize,
  columns: usize,
  kOffsets: usize,
  kCount: i32,
  bias: usize,
  out: usize,
  outRowBytes: usize,
): void {
  switch (rows) {
    case 1: tile1(packedA, columns, kOffsets, kCount, bias, out, outRowBytes); break;
    case 2: tile2(packedA, columns, kOffsets, kCount, bias, out, outRowBytes); break;
    case 3: tile3(packedA, columns, kOffsets, kCount, bias, out, outRowBytes); break;
    case 4: tile4(packedA, columns, kOffsets, kCount, bias, out, outRowBytes); break;
    case 5: tile5(packedA, columns, kOffsets, kCount, bias, out, outRowBytes); break;
    default: tile6(packedA, columns, kOffsets, kCount, bias, out, outRowBytes);
  }
}

/** out[4 rows][8] += Σ_k A[k][r] · B[...]: gemmTile's 4-row tile adding to `out`, for sums split over calls (winogradFilterGradientLanes.ts). */
export function gemmTile4Adding(packedA: usize, columns: usize, kOffsets: usize, kCount: i32, out: usize, outRowBytes: usize): void {
  tile(4, packedA, columns, kOffsets, kCount, 0, out, outRowBytes, true);
}
