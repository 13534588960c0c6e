// dw for a stride-1 convolution through Winograd's F(m×m, r×r), the adjoint of
// winogradConvolution.ts: with dM_t = A dy_t Aᵀ for each m×m output-gradient
// tile and V_t the same input-tile transform as the forward pass,
//   dU[ξ][o][c] = Σ_t dM[ξ][o][t] · V[ξ][c][t],   dw[o,c] = Gᵀ dU[·][o][c] G.
// Images are taken in groups of about 64 or 256 tiles, so the products run
// long along t; their sums stay in four lanes per (ξ, o, c) until the end,
// except in a call of one group of F(4×4) tiles, whose products add their
// lanes up as they finish. F(4×4) on maps of at most 8×8 has its own layout,
// with products on gemmTile (winogradFilterGradientLanes.ts, productsOnGemm).

import { addChannelSums } from './channelRows';
import { placeImage } from './paddedImage';
import { winogradFilterGradientLanes, winogradFilterGradientLanesScratchBytes } from './winogradFilterGradientLanes';
import { aligned, floatBytes } from './scratch';
import { DOT_COLUMNS, DOT_ROWS, dotProductSums, dotProductTile } from './winogradDotTile';
import { blocksOf, rowsOfNextBlock } from './tileShape';
import {
  alphaOf, blockTiles, imageLanes, paddedColumnsOf, paddedImageBytes, paddedRowsOf, positionBytes, tileColumnsOf, tileRowsOf, tilesPerImage, transformInputTiles,
  winogradTile,
} from './winogradLayout';
import {
  filterGradientQuadTransform, filterGradientSummedQuadTransform, filterGradientSummedTileTransform, filterGradientTileTransform, gradientBlockTransform, gradientTileTransform,
} from './winogradTransforms';

/**
 * Whether the products run on gemmTile (winogradFilterGradientLanes.ts):
 * F(4×4) tiles on maps of at most 8×8, one 2×2 block or one tile an image.
 * Measured with benchmarkKernels, batches of 64 in chunks of 16: 3–8% faster
 * than the dot products on 8×8 (64→64, 64→128), 29% on 4×4 (128→128); but
 * 10–17% slower on 16×16 (32→32, 32→64) and twice as slow on 3→32 at 32×32.
 */
@inline
function productsOnGemm(tile: i32, outHeight: i32, outWidth: i32): bool {
  return tile == 4 && outHeight <= 8 && outWidth <= 8;
}

/**
 * Images per group: about 64 tiles, products long enough to amortise the
 * accumulators with matrices that stay in L2 (measured faster than 128 and
 * 256 on 16–32 channels). Every group reads and writes all the four-lane
 * sums, though, and from 4 MiB of them (128×128 channels of 3×3, 64×128 of
 * 5×5) 256 tiles are 1–20% faster (measured on 8×8 and 16×16 maps). Only on
 * maps of 16 tiles or more: a group then holds at most 16 images, as many as
 * the training chunks the pool's arena is sized for (arenaBytesFor).
 */
@inline
function groupImages(kernel: i32, tile: i32, outChannels: i32, inChannels: i32, outHeight: i32, outWidth: i32): i32 {
  const alpha = alphaOf(kernel, tile);
  const laneSumBytes = <usize>(alpha * alpha) * sumPlaneBytes(outChannels, inChannels, LANE_PAIR_BYTES);
  const imageTiles = tilesPerImage(outHeight, outWidth, tile);
  const groupTiles = laneSumBytes >= 4 << 20 && imageTiles >= 16 ? 256 : 64;
  return max(1, groupTiles / imageTiles);
}

/** Bytes of dy zero-padded to the tile grid (m·tileRows × m·tileColumns), with 8 floats of slack. */
@inline
function paddedGradientBytes(outChannels: i32, outHeight: i32, outWidth: i32, tile: i32): usize {
  return floatBytes(outChannels * tileRowsOf(outHeight, tile) * tile * tileColumnsOf(outHeight, outWidth, tile) * tile + 8);
}

/** Bytes a channel pair's sums take: four lanes while groups follow each other, one float once added up. */
const LANE_PAIR_BYTES: usize = 16;
const SUMMED_PAIR_BYTES: usize = 4;

/**
 * Bytes of one position ξ of the sums, a cache line off the 4 KiB grid: the
 * final transform reads a pair's α² sums one plane apart, and planes a
 * multiple of 4 KiB apart would share an L1 set.
 */
@inline
function sumPlaneBytes(outChannels: i32, inChannels: i32, pairBytes: usize): usize {
  return aligned(<usize>(outChannels * inChannels) * pairBytes) + 64;
}

export function winogradFilterGradientScratchBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const tile = winogradTile(kernel, outHeight, outWidth);
  if (productsOnGemm(tile, outHeight, outWidth)) return winogradFilterGradientLanesScratchBytes(inChannels, outChannels, kernel, outHeight, outWidth);
  const alpha = alphaOf(kernel, tile);
  const positions = alpha * alpha;
  const groupTiles = groupImages(kernel, tile, outChannels, inChannels, outHeight, outWidth) * tilesPerImage(outHeight, outWidth, tile);
  return <usize>positions * sumPlaneBytes(outChannels, inChannels, LANE_PAIR_BYTES) // dU as four lanes per value
    + floatBytes(outChannels) // bias sums
    + paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile)
    + paddedGradientBytes(outChannels, outHeight, outWidth, tile)
    + <usize>positions * positionBytes(inChannels, groupTiles) // V
    + <usize>positions * positionBytes(outChannels, groupTiles) // dM
    + ((<usize>(2 * alpha * alpha)) << 4); // transform work
}

/** dM[ξ][o][t] for one image's output gradient, zero-padded to the tile grid: four tiles at a time (one 2×2 block, or four along a row). */
function transformGradientTiles(
  kernel: i32,
  tile: i32,
  padded: usize,
  channels: i32,
  tileRows: i32,
  tileColumns: i32,
  tiles: i32,
  dm: usize,
): void {
  const rowBytes = (<usize>(tileColumns * tile)) << 2;
  const positionStride = positionBytes(channels, tiles);
  const block = tileRows == 2 && tileColumns == 2;
  for (let o = 0; o < channels; o++) {
    const plane = padded + <usize>(o * tileRows * tile) * rowBytes;
    const dmChannel = dm + ((<usize>(o * tiles)) << 2);
    if (block) {
      gradientBlockTransform(kernel, tile, plane, rowBytes, dmChannel, positionStride);
      continue;
    }
    for (let ti = 0; ti < tileRows; ti++) {
      for (let group = 0; group < tileColumns; group += 4) {
        const corner = plane + <usize>(ti * tile) * rowBytes + ((<usize>(group * tile)) << 2);
        gradientTileTransform(kernel, tile, corner, rowBytes, dmChannel + ((<usize>(ti * tileColumns + group)) << 2), positionStride);
      }
    }
  }
}

export function winogradFilterGradient(
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
  const tile = winogradTile(kernel, outHeight, outWidth);
  if (productsOnGemm(tile, outHeight, outWidth)) {
    winogradFilterGradientLanes(x, dy, dw, db, batch, inChannels, inHeight, inWidth, outChannels, kernel, padding, outHeight, outWidth, scratch);
    return;
  }
  const alpha = alphaOf(kernel, tile);
  const positions = alpha * alpha;
  const imageTiles = tilesPerImage(outHeight, outWidth, tile);
  const perGroup = groupImages(kernel, tile, outChannels, inChannels, outHeight, outWidth);
  const groupTiles = perGroup * imageTiles;
  const tileRows = tileRowsOf(outHeight, tile);
  const tileColumns = tileColumnsOf(outHeight, outWidth, tile);
  const paddedRows = paddedRowsOf(outHeight, kernel, tile);
  const paddedColumns = paddedColumnsOf(outHeight, outWidth, kernel, tile);
  // One group of F(4×4) tiles (16×16 maps and up, in calls of a few images): its products add up their own lanes
  // (dotProductSums), a float per pair. Measured on one thread, chunks of 16, when 8×8 maps came this way: 0.3–8%
  // faster there (64→64 to 256→256), but 6–7% slower at F(2×2)'s 4×4 (16 positions, whose sums are fewer bytes
  // for the same added reductions), so those keep the four lanes.
  const summed = batch > 0 && batch <= perGroup && tile == 4;
  const pairBytes = summed ? SUMMED_PAIR_BYTES : LANE_PAIR_BYTES;
  const planeBytes = sumPlaneBytes(outChannels, inChannels, pairBytes);

  const laneSums = scratch;
  // Where the lane-sum planes would end whichever way this call stores them, so the rest keeps its place.
  const biasSums = laneSums + <usize>positions * sumPlaneBytes(outChannels, inChannels, LANE_PAIR_BYTES);
  const paddedX = biasSums + floatBytes(outChannels);
  const paddedDy = paddedX + paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile);
  const v = paddedDy + paddedGradientBytes(outChannels, outHeight, outWidth, tile);
  const vBytes = positionBytes(inChannels, groupTiles);
  const dm = v + <usize>positions * vBytes;
  const dmBytes = positionBytes(outChannels, groupTiles);
  const work = dm + <usize>positions * dmBytes;

  // The first group writes the sums (dotProductTile's `fresh`, or dotProductSums); with no images there is none.
  if (batch == 0) memory.fill(laneSums, 0, <usize>positions * planeBytes);
  memory.fill(biasSums, 0, (<usize>outChannels) << 2);
  // Borders and the grid's overhang stay 0; so do tiles past each image's grid (the round-up to 8).
  memory.fill(paddedX, 0, paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile));
  memory.fill(paddedDy, 0, paddedGradientBytes(outChannels, outHeight, outWidth, tile));
  // Grids round each image's tiles up to 8, and the products read those tiles too: they must hold zeros. An image
  // of one 2×2 block writes its four tiles and the products read no others (1.8 MB of fills a call for 64→128 at 8×8).
  if (!blockTiles(outHeight, outWidth, tile)) {
    memory.fill(v, 0, <usize>positions * vBytes);
    memory.fill(dm, 0, <usize>positions * dmBytes);
  }

  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const dyBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  const tileRowBytes = (<usize>groupTiles) << 2;
  // Sides that are multiples of 4m (8×8 maps for m = 2, 16×16 and 32×32 for both): the tile grid is dy itself, read in place.
  const gridFitsOutput = tileRows * tile == outHeight && tileColumns * tile == outWidth;
  const rowBlocks = blocksOf(outChannels, DOT_ROWS);
  const columnBlocks = blocksOf(inChannels, DOT_COLUMNS);
  for (let first = 0; first < batch; first += perGroup) {
    const images = min(perGroup, batch - first);
    for (let k = 0; k < images; k++) {
      const n = first + k;
      const tileOffset = (<usize>(k * imageTiles)) << 2;
      placeImage(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, paddedX);
      transformInputTiles(kernel, tile, paddedX, inChannels, paddedRows, paddedColumns, tileRows, tileColumns, groupTiles, v + tileOffset, work);
      let gradient = dy + <usize>n * dyBytes;
      if (!gridFitsOutput) {
        placeImage(gradient, outChannels, outHeight, outWidth, 1, 0, 0, tileRows * tile, tileColumns * tile, paddedDy);
        gradient = paddedDy;
      }
      transformGradientTiles(kernel, tile, gradient, outChannels, tileRows, tileColumns, groupTiles, dm + tileOffset);
      addChannelSums(dy + <usize>n * dyBytes, outChannels, outHeight * outWidth, biasSums);
    }
    const tileBytes = (<usize>(images * imageTiles)) << 2;
    for (let xi = 0; xi < positions; xi++) {
      const dmXi = dm + <usize>xi * dmBytes;
      const vXi = v + <usize>xi * vBytes;
      const accXi = laneSums + <usize>xi * planeBytes;
      let o = 0;
      for (let ob = 0; ob < rowBlocks; ob++) {
        const rows = rowsOfNextBlock(outChannels - o, rowBlocks - ob);
        let c = 0;
        for (let cb = 0; cb < columnBlocks; cb++) {
          const cols = rowsOfNextBlock(inChannels - c, columnBlocks - cb);
          const dmRows = dmXi + <usize>o * tileRowBytes;
          const vRows = vXi + <usize>c * tileRowBytes;
          const at = accXi + <usize>(o * inChannels + c) * pairBytes;
          if (summed) dotProductSums(rows, cols, dmRows, tileRowBytes, vRows, tileRowBytes, tileBytes, at, <usize>inChannels * pairBytes);
          else dotProductTile(rows, cols, dmRows, tileRowBytes, vRows, tileRowBytes, tileBytes, at, <usize>inChannels * pairBytes, first == 0);
          c += cols;
        }
        o += rows;
      }
    }
  }

  // dw[o,c] = Gᵀ dU G, each dU[ξ][o][c] the sum of its four lanes: four pairs at a time, then the rest one by one.
  const kernelRowBytes = (<usize>kernel) << 2;
  const filterBytes = <usize>kernel * kernelRowBytes;
  const pairs = outChannels * inChannels;
  let pair = 0;
  for (; pair + 4 <= pairs; pair += 4) {
    const sums = laneSums + <usize>pair * pairBytes;
    const filters = dw + <usize>pair * filterBytes;
    if (summed) filterGradientSummedQuadTransform(kernel, tile, sums, planeBytes, filters, kernelRowBytes, filterBytes);
    else filterGradientQuadTransform(kernel, tile, sums, planeBytes, filters, kernelRowBytes, filterBytes);
  }
  for (; pair < pairs; pair++) {
    const sums = laneSums + <usize>pair * pairBytes;
    const filters = dw + <usize>pair * filterBytes;
    if (summed) filterGradientSummedTileTransform(kernel, tile, sums, planeBytes, filters, kernelRowBytes);
    else filterGradientTileTransform(kernel, tile, sums, planeBytes, filters, kernelRowBytes);
  }
  memory.copy(db, biasSums, (<usize>outChannels) << 2);
}

