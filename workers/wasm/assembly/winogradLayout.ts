// Shared by the Winograd kernels: which convolutions take that path, the tile
// grid and the input transform. F(m×m, r×r) (transforms in winogradTransforms.ts):
// every m×m block of output pixels is computed from an α×α input tile,
// α = m + r − 1, with α² multiplications per (input, output) channel pair
// instead of m²r². F(2×2, ·) needs 2.25× fewer for 3×3 filters and 2.78×
// fewer for 5×5; F(4×4, 3×3) needs 4× fewer, and takes 3×3 filters on maps
// wide enough for its coarser tiles (winogradTile).
//
// Tiles: tileRows × tileColumns cover the output; tileColumns is rounded up to
// a multiple of 4 because the transforms run four horizontally adjacent tiles
// in the four lanes of a vector. A map of m+1 to 2m pixels a side is the
// exception: its 2×2 tiles fill the four lanes as one block, with no columns
// of padding tiles (see blockTiles). The transform-domain matrices are
// [ξ][channel][tile], ξ = i·α + j over the α×α positions, with the tiles of
// one image side by side (rounded up to 8, the GEMM tile's width; the
// convolution's channel rows further to tileRowFloats).

import { inputBlockRowTransform, inputRowTransform, inputTransform } from './winogradTransforms';

/**
 * Output pixels per tile side, m: 4 for 3×3 filters on maps of at least 16×16,
 * 2 otherwise. A row of four 4-pixel tiles spans 16 pixels, and the grid's
 * columns are rounded up to groups of four tiles, so on an 8×8 map half of
 * F(4×4)'s tiles would be padding and its products would cost more than
 * F(2×2)'s. Maps of 5–8 pixels a side are one 2×2 block of 4-pixel tiles
 * (blockTiles), and maps of 3–4 one 4-pixel tile an image (imageLanes).
 */
export function winogradTile(kernel: i32, outHeight: i32, outWidth: i32): i32 {
  if (kernel != 3) return 2;
  if (outHeight >= 16 && outWidth >= 16) return 4;
  // 5–8 pixels a side: one 2×2 block of 4-pixel tiles (8×8 maps, the third block of VGG-style CIFAR nets).
  if (outHeight > 4 && outHeight <= 8 && outWidth > 4 && outWidth <= 8) return 4;
  // 3–4 pixels a side: one tile an image (4×4 maps, the last block of CIFAR nets).
  return outHeight >= 3 && outHeight <= 4 && outWidth >= 3 && outWidth <= 4 ? 4 : 2;
}

/**
 * Whether each image is a single 4-pixel tile (maps of 3–4 pixels a side),
 * four images to a vector, one a lane (winogradImageLanes.ts). F(4×4)'s 36
 * products an image against the 64 of F(2×2)'s 2×2 tiles; and the pass of
 * LANE_PASS_IMAGES images reads the transformed filters (2.4 MB for 128→128)
 * once for the whole chunk rather than once for every two images.
 */
@inline
export function imageLanes(outHeight: i32, outWidth: i32, tile: i32): bool {
  return tile == 4 && outHeight <= 4 && outWidth <= 4;
}

/** Images side by side in one pass of the products when each is one tile: a training chunk. */
export const LANE_PASS_IMAGES: i32 = 16;

/**
 * Whether an image's tiles form one 2×2 block, transformed as the four lanes
 * of a vector: maps of tile + 1 to 2·tile pixels a side. Those images hold 4
 * tiles each instead of a grid rounded up to 8, so the convolution takes them
 * two at a time to fill the products' 8 columns.
 */
@inline
export function blockTiles(outHeight: i32, outWidth: i32, tile: i32): bool {
  return outHeight > tile && outHeight <= 2 * tile && outWidth > tile && outWidth <= 2 * tile;
}

/**
 * Whether conv2d and its gradients take the Winograd path: stride 1, square
 * 3×3 or 5×5 filters, and enough channels on both sides for the
 * transform-domain products to outweigh the transforms (measured with
 * benchmarkKernels: with 3 input channels the direct kernels win forward).
 */
export function winogradApplies(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32): bool {
  return stride == 1 && kernelH == kernelW && (kernelH == 3 || kernelH == 5) && inChannels >= 8 && outChannels >= 8;
}

/**
 * Whether the filter gradient takes the Winograd path: as winogradApplies,
 * and from 3 input channels, an RGB image's first layer. Its products run
 * along the tiles, not the channels, so few input channels cost it little
 * (measured with benchmarkKernels, cifar-fast's 3→32 3×3 on 32×32: 2.05 ms a
 * batch of 64 against the direct kernel's 2.61), where the forward's products
 * over 3 channels only draw level with the direct kernel.
 */
export function winogradFilterGradientApplies(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32): bool {
  return winogradApplies(max(inChannels, 8), outChannels, kernelH, kernelW, stride) && inChannels >= 3;
}

@inline
export function alphaOf(kernel: i32, tile: i32): i32 {
  return kernel + tile - 1;
}

@inline
export function tileRowsOf(outHeight: i32, tile: i32): i32 {
  return (outHeight + tile - 1) / tile;
}

/** Tile columns: 2 for a block, 1 for an image of one tile, else the grid's columns rounded up to groups of four. */
@inline
export function tileColumnsOf(outHeight: i32, outWidth: i32, tile: i32): i32 {
  if (blockTiles(outHeight, outWidth, tile)) return 2;
  if (imageLanes(outHeight, outWidth, tile)) return 1;
  return (((outWidth + tile - 1) / tile) + 3) & ~3;
}

/** Tiles of one image in the transform-domain matrices: 4 for a block, 1 for an image of one tile, else the grid rounded up to 8. */
@inline
export function tilesPerImage(outHeight: i32, outWidth: i32, tile: i32): i32 {
  if (blockTiles(outHeight, outWidth, tile)) return 4;
  if (imageLanes(outHeight, outWidth, tile)) return 1;
  return (tileRowsOf(outHeight, tile) * tileColumnsOf(outHeight, outWidth, tile) + 7) & ~7;
}

/** Images whose tiles share one pass of the products: two blocks fill the 8 columns of gemmTile; single tiles a chunk's worth. */
@inline
export function imagesPerPass(outHeight: i32, outWidth: i32, tile: i32): i32 {
  if (imageLanes(outHeight, outWidth, tile)) return LANE_PASS_IMAGES;
  return blockTiles(outHeight, outWidth, tile) ? 2 : 1;
}

/**
 * Floats from one channel's row of tiles to the next in the convolution's V
 * and M: the tiles rounded up to an odd number of cache lines. The products
 * read a column of 8 tiles down every channel row, and rows a power of two
 * apart (256 tiles: 1 KiB) would share 4 of L1's 64 sets.
 */
export function tileRowFloats(tiles: i32): i32 {
  const lines = (tiles + 15) >> 4;
  return (lines | 1) << 4;
}

/**
 * Bytes of one position ξ of a transform-domain matrix ([channel][tile]),
 * plus one cache line: planes a multiple of 4 KiB apart would put all α² of a
 * tile's values in the same L1 set (measured: the input transform ran 2× slower).
 */
export function positionBytes(channels: i32, tiles: i32): usize {
  return (((<usize>(channels * tiles)) << 2) + 63 & ~(<usize>63)) + 64;
}

/** Rows of the zero-padded input the tiles read (the grid may overhang the output). */
@inline
export function paddedRowsOf(outHeight: i32, kernel: i32, tile: i32): i32 {
  return tileRowsOf(outHeight, tile) * tile + kernel - 1;
}

@inline
export function paddedColumnsOf(outHeight: i32, outWidth: i32, kernel: i32, tile: i32): i32 {
  return tileColumnsOf(outHeight, outWidth, tile) * tile + kernel - 1;
}

/** A padded image plus 8 floats of slack: the gathers of the last tile group read past its end. */
export function paddedImageBytes(channels: i32, outHeight: i32, outWidth: i32, kernel: i32, tile: i32): usize {
  return (<usize>(channels * paddedRowsOf(outHeight, kernel, tile) * paddedColumnsOf(outHeight, outWidth, kernel, tile) + 8)) << 2;
}

/**
 * V[ξ][c][t] for every channel and tile of one padded image, channel rows
 * `rowFloats` apart: four tiles at a time, each row of their α×α inputs
 * gathered into lanes and transformed along the row into `work`, then each
 * column transformed into V.
 */
export function transformInputTiles(
  kernel: i32,
  tile: i32,
  padded: usize,
  channels: i32,
  paddedRows: i32,
  paddedColumns: i32,
  tileRows: i32,
  tileColumns: i32,
  rowFloats: i32,
  v: usize,
  work: usize,
): void {
  const alpha = alphaOf(kernel, tile);
  const rowBytes = (<usize>paddedColumns) << 2;
  const vectorRowBytes = (<usize>alpha) << 4;
  const rows = work;
  const positionStride = positionBytes(channels, rowFloats);
  const xiStride = <usize>alpha * positionStride;
  const block = tileRows == 2 && tileColumns == 2;
  const lowerRowBytes = <usize>tile * rowBytes;
  for (let c = 0; c < channels; c++) {
    const plane = padded + <usize>(c * paddedRows) * rowBytes;
    const vChannel = v + ((<usize>(c * rowFloats)) << 2);
    if (block) {
      for (let a = 0; a < alpha; a++) {
        const upper = plane + <usize>a * rowBytes;
        inputBlockRowTransform(kernel, tile, upper, upper + lowerRowBytes, rows + <usize>a * vectorRowBytes, 16);
      }
      for (let j = 0; j < alpha; j++) {
        inputTransform(kernel, tile, rows + ((<usize>j) << 4), vectorRowBytes, vChannel + <usize>j * positionStride, xiStride);
      }
      continue;
    }
    for (let ti = 0; ti < tileRows; ti++) {
      for (let group = 0; group < tileColumns; group += 4) {
        const corner = plane + <usize>(ti * tile) * rowBytes + ((<usize>(group * tile)) << 2);
        for (let a = 0; a < alpha; a++) inputRowTransform(kernel, tile, corner + <usize>a * rowBytes, rows + <usize>a * vectorRowBytes, 16);
        const t = ti * tileColumns + group;
        const out = vChannel + ((<usize>t) << 2);
        for (let j = 0; j < alpha; j++) {
          inputTransform(kernel, tile, rows + ((<usize>j) << 4), vectorRowBytes, out + <usize>j * positionStride, xiStride);
        }
      }
    }
  }
}
