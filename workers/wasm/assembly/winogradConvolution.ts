// Stride-1 convolution by Winograd's F(2×2, r×r) (see winogradLayout.ts), one
// image at a time:
//   U[ξ][o][c] = (G w[o,c] Gᵀ)[ξ]                    once per call
//   V[ξ][c][t] = (Bᵀ d_t B)[ξ]                        input tiles
//   M[ξ][o][t] = Σ_c U[ξ][o][c] · V[ξ][c][t]          α² matrix products
//   y_t[o]     = Aᵀ M[·][o][t] A + b[o]               output tiles
// The products run on gemmTile, the register tile of the direct kernels, with
// the tap-offset table pointing at V's channel rows. The input gradient is the
// same computation on dy with the filters flipped and transposed (as in
// conv2dBackwardInput.ts), which winogradFilters.ts does on the way in.

import { gemmTile } from './gemmTile';
import { placeImage } from './paddedImage';
import { floatBytes } from './scratch';
import { blockCount, rowsOfNextBlock, TILE_COLUMNS } from './tileShape';
import {
  alphaOf, paddedColumnsOf, paddedImageBytes, paddedRowsOf, positionBytes, TILE, tileColumnsOf, tileRowFloats, tileRowsOf, tilesPerImage, transformInputTiles,
} from './winogradLayout';
import { packTransformedFilters } from './winogradFilters';
import { outputTileTransform } from './winogradTransforms';

/** Bytes of the transforms' work area: two α×α blocks of vectors. */
@inline
function workBytes(alpha: i32): usize {
  return (<usize>(2 * alpha * alpha)) << 4;
}

export function winogradConvolutionScratchBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const alpha = alphaOf(kernel);
  const rowFloats = tileRowFloats(tilesPerImage(outHeight, outWidth));
  const positions = alpha * alpha;
  return <usize>positions * positionBytes(outChannels, inChannels) // U, packed for gemmTile
    + floatBytes(inChannels) // tap offsets: V's channel rows
    + floatBytes(outChannels) // zero bias for the products
    + paddedImageBytes(inChannels, outHeight, outWidth, kernel)
    + <usize>positions * positionBytes(inChannels, rowFloats) // V
    + <usize>positions * positionBytes(outChannels, rowFloats) // M
    + workBytes(alpha);
}

/** y for one image from M: each group of four tiles back from the transform domain, plus bias, optional ReLU, cropped to the output. */
function transformOutputTiles(
  kernel: i32,
  m: usize,
  outChannels: i32,
  rowFloats: i32,
  tileRows: i32,
  tileColumns: i32,
  bias: usize,
  relu: bool,
  y: usize,
  outHeight: i32,
  outWidth: i32,
  work: usize,
): void {
  const alpha = alphaOf(kernel);
  const xiStride = positionBytes(outChannels, rowFloats);
  const tileOut = work; // tileOut[i][j]
  const zero = f32x4.splat(0);
  for (let o = 0; o < outChannels; o++) {
    const b = v128.load32_splat(bias + ((<usize>o) << 2));
    const plane = y + ((<usize>(o * outHeight * outWidth)) << 2);
    for (let ti = 0; ti < tileRows; ti++) {
      for (let group = 0; group < tileColumns; group += 4) {
        const src = m + ((<usize>(o * rowFloats + ti * tileColumns + group)) << 2);
        outputTileTransform(kernel, src, xiStride, tileOut, 16);
        const column = group * TILE;
        for (let i = 0; i < TILE; i++) {
          const row = ti * TILE + i;
          if (row >= outHeight) break;
          let y0 = f32x4.add(v128.load(tileOut + ((<usize>(i * TILE)) << 4)), b);
          let y1 = f32x4.add(v128.load(tileOut + ((<usize>(i * TILE + 1)) << 4)), b);
          if (relu) {
            // A mask rather than f32x4.max, so that −0 and NaN give +0 like the reference's `x > 0 ? x : 0`.
            y0 = v128.and(y0, f32x4.gt(y0, zero));
            y1 = v128.and(y1, f32x4.gt(y1, zero));
          }
          const lo = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
          const hi = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
          const to = plane + ((<usize>(row * outWidth + column)) << 2);
          if (column + 8 <= outWidth) {
            v128.store(to, lo);
            v128.store(to, hi, 16);
          } else {
            // The grid overhangs the output's right edge: store the pixels inside it.
            const valid = outWidth - column;
            for (let l = 0; l < valid; l++) store<f32>(to + ((<usize>l) << 2), laneOf(lo, hi, l));
          }
        }
      }
    }
  }
}

@inline
function laneOf(lo: v128, hi: v128, lane: i32): f32 {
  switch (lane) {
    case 0: return f32x4.extract_lane(lo, 0);
    case 1: return f32x4.extract_lane(lo, 1);
    case 2: return f32x4.extract_lane(lo, 2);
    case 3: return f32x4.extract_lane(lo, 3);
    case 4: return f32x4.extract_lane(hi, 0);
    case 5: return f32x4.extract_lane(hi, 1);
    case 6: return f32x4.extract_lane(hi, 2);
    default: return f32x4.extract_lane(hi, 3);
  }
}

/**
 * y[n] = conv(x[n], w) + b (ReLU optional), stride 1, for filters in
 * [out][in][r][r] order, or with `transposedFilters` those of the convolution
 * this one is the input gradient of (see packTransformedFilters); without
 * `hasBias`, `bias` is not read.
 */
export function winogradConvolution(
  x: usize,
  w: usize,
  transposedFilters: bool,
  bias: usize,
  hasBias: bool,
  y: usize,
  batch: i32,
  inChannels: i32,
  inHeight: i32,
  inWidth: i32,
  outChannels: i32,
  kernel: i32,
  padding: i32,
  outHeight: i32,
  outWidth: i32,
  relu: bool,
  scratch: usize,
): void {
  const alpha = alphaOf(kernel);
  const positions = alpha * alpha;
  const tiles = tilesPerImage(outHeight, outWidth);
  const tileRows = tileRowsOf(outHeight);
  const tileColumns = tileColumnsOf(outWidth);
  const paddedRows = paddedRowsOf(outHeight, kernel);
  const paddedColumns = paddedColumnsOf(outWidth, kernel);
  const paddedBytes = paddedImageBytes(inChannels, outHeight, outWidth, kernel);

  const packedU = scratch;
  const kOffsets = packedU + <usize>positions * positionBytes(outChannels, inChannels);
  const zeroBias = kOffsets + floatBytes(inChannels);
  const padded = zeroBias + floatBytes(outChannels);
  const v = padded + paddedBytes;
  const rowFloats = tileRowFloats(tiles);
  const vBytes = positionBytes(inChannels, rowFloats);
  const mBytes = positionBytes(outChannels, rowFloats);
  const m = v + <usize>positions * vBytes;
  const work = m + <usize>positions * mBytes;

  packTransformedFilters(kernel, w, outChannels, inChannels, transposedFilters, packedU);
  const uBytes = positionBytes(outChannels, inChannels);
  const tileRowBytes = (<usize>rowFloats) << 2;
  for (let c = 0; c < inChannels; c++) store<u32>(kOffsets + ((<usize>c) << 2), <u32>(<usize>c * tileRowBytes));
  memory.fill(zeroBias, 0, (<usize>outChannels) << 2);
  // Zeroed once: every image writes the same interior, the border stays 0.
  memory.fill(padded, 0, paddedBytes);
  // Tiles past the grid (the round-up to 8) are never written: keep them 0.
  memory.fill(v, 0, <usize>positions * vBytes);

  const blocks = blockCount(outChannels);
  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const outBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  for (let n = 0; n < batch; n++) {
    placeImage(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, padded);
    transformInputTiles(kernel, padded, inChannels, paddedRows, paddedColumns, tileRows, tileColumns, rowFloats, v, work);
    for (let xi = 0; xi < positions; xi++) {
      const vXi = v + <usize>xi * vBytes;
      const mXi = m + <usize>xi * mBytes;
      for (let t = 0; t < tiles; t += TILE_COLUMNS) {
        let filters = packedU + <usize>xi * uBytes;
        let firstRow = 0;
        for (let block = 0; block < blocks; block++) {
          const rows = rowsOfNextBlock(outChannels - firstRow, blocks - block);
          gemmTile(rows, filters, vXi + ((<usize>t) << 2), kOffsets, inChannels, zeroBias, mXi + <usize>firstRow * tileRowBytes + ((<usize>t) << 2), tileRowBytes);
          filters += (<usize>(rows * inChannels)) << 2;
          firstRow += rows;
        }
      }
    }
    transformOutputTiles(kernel, m, outChannels, rowFloats, tileRows, tileColumns, hasBias ? bias : zeroBias, relu, y + <usize>n * outBytes, outHeight, outWidth, work);
  }
}
