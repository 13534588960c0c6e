// Convolution of one padded image as a tiled matrix product: output channels
// are split into blocks of at most MAX_TILE_ROWS rows, output rows into runs of
// 8 pixels, and every (block, run) is one gemmTile.

import { gemmTile } from './gemmTile';
import { blockCount, MAX_TILE_ROWS, rowsOfNextBlock, TILE_COLUMNS } from './tileShape';

/** Bytes of the tile buffer that catches tiles in rows narrower than a tile. */
export const PARTIAL_TILE_BYTES: usize = <usize>(MAX_TILE_ROWS * TILE_COLUMNS) << 2;

/**
 * Repacks a row-major rows × kCount matrix (the filters, one output channel per
 * row) into the k-major blocks gemmTile reads: block by block, for each k the
 * block's rows side by side.
 */
export function packFilterRows(source: usize, rows: i32, kCount: i32, packed: usize): void {
  const blocks = blockCount(rows);
  let firstRow = 0;
  for (let block = 0; block < blocks; block++) {
    const blockRows = rowsOfNextBlock(rows - firstRow, blocks - block);
    for (let k = 0; k < kCount; k++) {
      for (let r = 0; r < blockRows; r++) {
        store<f32>(packed, load<f32>(source + ((<usize>((firstRow + r) * kCount + k)) << 2)));
        packed += 4;
      }
    }
    firstRow += blockRows;
  }
}

// The tile's rows are still in L1 here, so ReLU costs a load and a store per
// vector (fused into the tile's own stores, it made V8 spill inside the tile's
// loop: measured at half speed). `valid` < 8, in rows narrower than a tile,
// copies the tile buffer out with a plain loop: memory.copy's call costs more.
function finishTile(tile: usize, tileRowBytes: usize, rows: i32, valid: i32, relu: bool, out: usize, outRowBytes: usize): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const from = tile + <usize>r * tileRowBytes;
    const to = out + <usize>r * outRowBytes;
    if (valid == TILE_COLUMNS) {
      if (!relu) continue;
      const v0 = v128.load(from);
      const v1 = v128.load(from, 16);
      // A mask rather than f32x4.max, so that −0 and NaN give +0 like the reference's `x > 0 ? x : 0`.
      v128.store(to, v128.and(v0, f32x4.gt(v0, zero)));
      v128.store(to, v128.and(v1, f32x4.gt(v1, zero)), 16);
      continue;
    }
    for (let l = 0; l < valid; l++) {
      const value = load<f32>(from + ((<usize>l) << 2));
      store<f32>(to + ((<usize>l) << 2), relu && !(value > 0) ? 0 : value);
    }
  }
}

/**
 * out[m, i, j] = bias[m] + Σ_k filters[m, k] · padded[i·paddedRowBytes + 4j + kOffsets[k]],
 * optionally through ReLU. In rows narrower than 8 pixels the tile reads past
 * the row's end, so `padded` must stay readable 8 floats past its last pixel.
 */
export function convolvePaddedImage(
  packedFilters: usize,
  kOffsets: usize,
  kCount: i32,
  outChannels: i32,
  padded: usize,
  paddedRowBytes: usize,
  outHeight: i32,
  outWidth: i32,
  bias: usize,
  relu: bool,
  out: usize,
  partialTile: usize,
): void {
  const blocks = blockCount(outChannels);
  const channelBytes = (<usize>(outHeight * outWidth)) << 2;
  const blockStride = (<usize>kCount) << 2;
  for (let i = 0; i < outHeight; i++) {
    const rowOut = out + ((<usize>(i * outWidth)) << 2);
    const rowIn = padded + <usize>i * paddedRowBytes;
    for (let run = 0; run < outWidth; run += TILE_COLUMNS) {
      // A ragged last run is moved back to end at the row's end: it recomputes
      // a few pixels (to the same values) instead of going through the tile buffer.
      const j = outWidth >= TILE_COLUMNS ? min(run, outWidth - TILE_COLUMNS) : run;
      const valid = min(TILE_COLUMNS, outWidth - j);
      const columns = rowIn + ((<usize>j) << 2);
      let filters = packedFilters;
      let firstRow = 0;
      for (let block = 0; block < blocks; block++) {
        const rows = rowsOfNextBlock(outChannels - firstRow, blocks - block);
        const blockOut = rowOut + (<usize>firstRow) * channelBytes + ((<usize>j) << 2);
        const blockBias = bias + ((<usize>firstRow) << 2);
        if (valid == TILE_COLUMNS) {
          gemmTile(rows, filters, columns, kOffsets, kCount, blockBias, blockOut, channelBytes);
          if (relu) finishTile(blockOut, channelBytes, rows, valid, true, blockOut, channelBytes);
        } else {
          gemmTile(rows, filters, columns, kOffsets, kCount, blockBias, partialTile, TILE_COLUMNS << 2);
          finishTile(partialTile, TILE_COLUMNS << 2, rows, valid, relu, blockOut, channelBytes);
        }
        filters += <usize>rows * blockStride;
        firstRow += rows;
      }
    }
  }
}
