// dw for 3×3 convolutions through F(4×4, 3×3) (winogradLayout's tile 4), as
// winogradFilterGradient.ts derives it,
//   dU[ξ][o][c] = Σ_t dM[ξ][o][t] · V[ξ][c][t],   dw[o,c] = Gᵀ dU G,
// with the products on gemmTile, t (the tiles) being its K. The transforms
// put four channels of one tile in the lanes, which stores V as rows [t][c]
// (gemmTile's B) and dM as blocks of four output channels [t][o] (its packed
// A) without transposes, and dU comes out as floats: no lane sums. The dot
// products of winogradFilterGradient.ts run along t and pay for those sums;
// on maps of one tile an image, where a chunk is only 16 tiles long, they
// cost about as much as they add. Used on maps of at most 8×8 (its
// productsOnGemm has the measurements); on wider maps the dot products win.
// Tiles are taken in groups of about GROUP_TILES; a later group adds to dU.

import { gemmTile, gemmTile4Adding } from './gemmTile';
import { addChannelSums } from './channelRows';
import { placeImage } from './paddedImage';
import { floatBytes } from './scratch';
import { gradientLaneTile, transformLaneTile } from './winogradImageLanes';
import { alphaOf, LANE_PASS_IMAGES, positionBytes } from './winogradLayout';
import { filterGradientSummedQuadTransform, filterGradientSummedTileTransform } from './winogradTransforms';

/** dM's blocks of output channels: gemmTile's 4-row tile, one vector of A a step. */
const BLOCK_ROWS: i32 = 4;
/** Tiles a group: products long enough to amortise gemmTile's loads and stores, V and dM small enough for L2 (128 and 256 measured no faster). */
const GROUP_TILES: i32 = 64;

@inline
function roundUp(n: i32, multiple: i32): i32 {
  return (n + multiple - 1) / multiple * multiple;
}

/** The grid of 4-pixel tiles over an output side. */
@inline
function tilesAlong(side: i32): i32 {
  return (side + 3) >> 2;
}

/** Images a group: as many whole images as GROUP_TILES holds, at least one, at most a training chunk (16). */
@inline
function groupImages(outHeight: i32, outWidth: i32): i32 {
  return max(1, min(LANE_PASS_IMAGES, GROUP_TILES / (tilesAlong(outHeight) * tilesAlong(outWidth))));
}

@inline
function groupTiles(outHeight: i32, outWidth: i32): i32 {
  return groupImages(outHeight, outWidth) * tilesAlong(outHeight) * tilesAlong(outWidth);
}

/** Floats of an input channel zero-padded to the tile grid (rows and columns 4·tiles + 2). */
@inline
function paddedPlaneFloats(outHeight: i32, outWidth: i32): i32 {
  return (4 * tilesAlong(outHeight) + 2) * (4 * tilesAlong(outWidth) + 2);
}

/** Floats of an output-gradient channel on the tile grid. */
@inline
function gridPlaneFloats(outHeight: i32, outWidth: i32): i32 {
  return 16 * tilesAlong(outHeight) * tilesAlong(outWidth);
}

/** Bytes of one position ξ of V: a group's tiles as rows of the input channels, rounded up to gemmTile's 8 columns. */
@inline
function vPlaneBytes(inChannels: i32, tiles: i32): usize {
  return positionBytes(tiles, roundUp(inChannels, 8));
}

/** Bytes of one position ξ of dM: blocks of four output channels, a group's tiles of four floats each. */
@inline
function dmPlaneBytes(outChannels: i32, tiles: i32): usize {
  return positionBytes(roundUp(outChannels, BLOCK_ROWS), tiles);
}

/** Bytes of one position ξ of dU: rows of output channels, columns of input channels rounded up to 8. */
@inline
function duPlaneBytes(inChannels: i32, outChannels: i32): usize {
  return positionBytes(roundUp(outChannels, BLOCK_ROWS), roundUp(inChannels, 8));
}

export function winogradFilterGradientLanesScratchBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const alpha = alphaOf(kernel, 4);
  const positions = <usize>(alpha * alpha);
  const tiles = groupTiles(outHeight, outWidth);
  const paddedFloats = paddedPlaneFloats(outHeight, outWidth);
  return positions * (vPlaneBytes(inChannels, tiles) + dmPlaneBytes(outChannels, tiles) + duPlaneBytes(inChannels, outChannels))
    + floatBytes(tiles) // gemmTile's K offsets: V's rows
    + floatBytes(BLOCK_ROWS) // zero bias
    + floatBytes(outChannels) // bias sums
    + floatBytes(inChannels * paddedFloats + 8) // x zero-padded to the grid
    + floatBytes(outChannels * gridPlaneFloats(outHeight, outWidth)) // dy on the grid, when the grid overhangs it
    + floatBytes(paddedFloats + 8) // zeros, read for channels past the last of a group of four
    + ((<usize>(2 * alpha * alpha)) << 4); // transform work
}

/**
 * V and dM for the tiles of one image, its first tile at row `t` of V and
 * dM: four channels a tile at a time, a missing channel (past the last) read
 * from the zero plane, so V's rows and dM's blocks hold zeros there.
 */
function transformImage(
  kernel: i32,
  tile: i32,
  paddedX: usize,
  inChannels: i32,
  paddedColumns: i32,
  paddedPlaneBytes: usize,
  gradient: usize,
  outChannels: i32,
  gridColumns: i32,
  gridPlaneBytes: usize,
  tileRows: i32,
  tileColumns: i32,
  zeroPlane: usize,
  t: i32,
  tiles: i32,
  v: usize,
  vPlane: usize,
  columns: i32,
  dm: usize,
  dmPlane: usize,
  work: usize,
): void {
  const rowBytes = (<usize>paddedColumns) << 2;
  const gridRowBytes = (<usize>gridColumns) << 2;
  const blockBytes = (<usize>(tiles * BLOCK_ROWS)) << 2;
  for (let ti = 0; ti < tileRows; ti++) {
    for (let tj = 0; tj < tileColumns; tj++, t++) {
      const corner = <usize>(ti * tile) * rowBytes + ((<usize>(tj * tile)) << 2);
      for (let c = 0; c < inChannels; c += 4) {
        const at = paddedX + <usize>c * paddedPlaneBytes + corner;
        const x1 = c + 1 < inChannels ? at + paddedPlaneBytes : zeroPlane + corner;
        const x2 = c + 2 < inChannels ? at + 2 * paddedPlaneBytes : zeroPlane + corner;
        const x3 = c + 3 < inChannels ? at + 3 * paddedPlaneBytes : zeroPlane + corner;
        transformLaneTile(kernel, tile, at, x1, x2, x3, rowBytes, v + ((<usize>(t * columns + c)) << 2), vPlane, work);
      }
      const gridCorner = <usize>(ti * tile) * gridRowBytes + ((<usize>(tj * tile)) << 2);
      for (let o = 0; o < outChannels; o += BLOCK_ROWS) {
        const at = gradient + <usize>o * gridPlaneBytes + gridCorner;
        const g1 = o + 1 < outChannels ? at + gridPlaneBytes : zeroPlane + gridCorner;
        const g2 = o + 2 < outChannels ? at + 2 * gridPlaneBytes : zeroPlane + gridCorner;
        const g3 = o + 3 < outChannels ? at + 3 * gridPlaneBytes : zeroPlane + gridCorner;
        const block = dm + <usize>(o / BLOCK_ROWS) * blockBytes + ((<usize>t) << 4);
        gradientLaneTile(kernel, tile, at, g1, g2, g3, gridRowBytes, block, dmPlane, work);
      }
    }
  }
}

export function winogradFilterGradientLanes(
  x: usize,
  dy: usize,
  dw: usize,
  db: usize,
  batch: i32,
  inChannels: i32,
  inHeight: i32,
  inWidth: i32,
  outChannels: i32,
  kernel: i32,
  padding: i32,
  outHeight: i32,
  outWidth: i32,
  scratch: usize,
): void {
  const tile = 4;
  const alpha = alphaOf(kernel, tile);
  const positions = alpha * alpha;
  const columns = roundUp(inChannels, 8);
  const blockRows = roundUp(outChannels, BLOCK_ROWS);
  const tileRows = tilesAlong(outHeight);
  const tileColumns = tilesAlong(outWidth);
  const imageTiles = tileRows * tileColumns;
  const perGroup = groupImages(outHeight, outWidth);
  const tiles = perGroup * imageTiles;
  const paddedRows = 4 * tileRows + 2;
  const paddedColumns = 4 * tileColumns + 2;
  const paddedFloats = paddedRows * paddedColumns;
  const paddedPlaneBytes = (<usize>paddedFloats) << 2;
  const gridColumns = 4 * tileColumns;
  const gridPlaneBytes = (<usize>gridPlaneFloats(outHeight, outWidth)) << 2;
  const vPlane = vPlaneBytes(inChannels, tiles);
  const dmPlane = dmPlaneBytes(outChannels, tiles);
  const duPlane = duPlaneBytes(inChannels, outChannels);

  const v = scratch;
  const dm = v + <usize>positions * vPlane;
  const du = dm + <usize>positions * dmPlane;
  const kOffsets = du + <usize>positions * duPlane;
  const zeroBias = kOffsets + floatBytes(tiles);
  const biasSums = zeroBias + floatBytes(BLOCK_ROWS);
  const paddedX = biasSums + floatBytes(outChannels);
  const paddedDy = paddedX + floatBytes(inChannels * paddedFloats + 8);
  const zeroPlane = paddedDy + floatBytes(outChannels * gridPlaneFloats(outHeight, outWidth));
  const work = zeroPlane + floatBytes(paddedFloats + 8);

  const filterBytes = (<usize>(kernel * kernel)) << 2;
  if (batch == 0) {
    memory.fill(dw, 0, <usize>(outChannels * inChannels) * filterBytes);
    memory.fill(db, 0, (<usize>outChannels) << 2);
    return;
  }
  memory.fill(zeroBias, 0, (<usize>BLOCK_ROWS) << 2);
  memory.fill(biasSums, 0, (<usize>outChannels) << 2);
  // Borders and the grid's overhang stay 0: every image writes the same interior.
  memory.fill(paddedX, 0, paddedPlaneBytes * inChannels);
  memory.fill(paddedDy, 0, gridPlaneBytes * outChannels);
  memory.fill(zeroPlane, 0, paddedPlaneBytes + 32);
  // V's columns past the channels' groups of four are never written, and gemmTile reads 8 at a time.
  if ((inChannels & 7) != 0) memory.fill(v, 0, <usize>positions * vPlane);
  const vRowBytes = (<usize>columns) << 2;
  for (let t = 0; t < tiles; t++) store<u32>(kOffsets + ((<usize>t) << 2), <u32>(<usize>t * vRowBytes));

  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const dyBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  // Sides that are multiples of 4: dy is its own tile grid, read in place.
  const gridFitsOutput = gridColumns == outWidth && 4 * tileRows == outHeight;
  const blockBytes = (<usize>(tiles * BLOCK_ROWS)) << 2;
  for (let first = 0; first < batch; first += perGroup) {
    const images = min(perGroup, batch - first);
    for (let k = 0; k < images; k++) {
      const n = first + k;
      placeImage(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, paddedX);
      const image = dy + <usize>n * dyBytes;
      let gradient = image;
      if (!gridFitsOutput) {
        placeImage(image, outChannels, outHeight, outWidth, 1, 0, 0, 4 * tileRows, gridColumns, paddedDy);
        gradient = paddedDy;
      }
      transformImage(
        kernel, tile, paddedX, inChannels, paddedColumns, paddedPlaneBytes, gradient, outChannels, gridColumns, gridPlaneBytes, tileRows, tileColumns,
        zeroPlane, k * imageTiles, tiles, v, vPlane, columns, dm, dmPlane, work,
      );
      addChannelSums(image, outChannels, outHeight * outWidth, biasSums);
    }
    // dU[ξ] = dM[ξ] · Vᵀ over this group's tiles: the first group writes, later ones add.
    const groupK = images * imageTiles;
    for (let xi = 0; xi < positions; xi++) {
      const vXi = v + <usize>xi * vPlane;
      const dmXi = dm + <usize>xi * dmPlane;
      const duXi = du + <usize>xi * duPlane;
      for (let o = 0; o < blockRows; o += BLOCK_ROWS) {
        const a = dmXi + <usize>(o / BLOCK_ROWS) * blockBytes;
        const out = duXi + <usize>o * vRowBytes;
        for (let c = 0; c < columns; c += 8) {
          const at = (<usize>c) << 2;
          if (first == 0) gemmTile(BLOCK_ROWS, a, vXi + at, kOffsets, groupK, zeroBias, out + at, vRowBytes);
          else gemmTile4Adding(a, vXi + at, kOffsets, groupK, out + at, vRowBytes);
        }
      }
    }
  }

  // dw[o,c] = Gᵀ dU G: four input channels at a time, then the rest one by one.
  const kernelRowBytes = (<usize>kernel) << 2;
  for (let o = 0; o < outChannels; o++) {
    const sums = du + <usize>o * vRowBytes;
    const filters = dw + <usize>(o * inChannels) * filterBytes;
    let c = 0;
    for (; c + 4 <= inChannels; c += 4) {
      filterGradientSummedQuadTransform(kernel, tile, sums + ((<usize>c) << 2), duPlane, filters + <usize>c * filterBytes, kernelRowBytes, filterBytes);
    }
    for (; c < inChannels; c++) {
      filterGradientSummedTileTransform(kernel, tile, sums + ((<usize>c) << 2), duPlane, filters + <usize>c * filterBytes, kernelRowBytes);
    }
  }
  memory.copy(db, biasSums, (<usize>outChannels) << 2);
}
