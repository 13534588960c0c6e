// The register tile's shape, shared by the tile kernels and their drivers,
// and how rows are split into blocks of a tile's height.

/**
 * Rows per register tile. A 6×8 tile holds 12 accumulators, 2 column vectors
 * and a broadcast: 15 of x64's 16 vector registers (V8 keeps one as scratch).
 * Without fusion every product needs a temporary too, so the plain build stops
 * at 5 rows; at 6 V8 spills and throughput halves (measured).
 */
export const MAX_TILE_ROWS: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;

/** Columns per register tile: two f32x4 vectors. */
export const TILE_COLUMNS: i32 = 8;

/** Blocks of at most `most` rows needed for `rows` rows. */
@inline
export function blocksOf(rows: i32, most: i32): i32 {
  return (rows + most - 1) / most;
}

/** Tiles needed for `rows` rows. */
@inline
export function blockCount(rows: i32): i32 {
  return blocksOf(rows, MAX_TILE_ROWS);
}

/**
 * Rows of the next tile when `remainingRows` are shared by `remainingBlocks`
 * tiles: spread evenly (16 rows → 6+5+5, not 6+6+4) so no tile runs narrow.
 */
@inline
export function rowsOfNextBlock(remainingRows: i32, remainingBlocks: i32): i32 {
  return (remainingRows + remainingBlocks - 1) / remainingBlocks;
}
