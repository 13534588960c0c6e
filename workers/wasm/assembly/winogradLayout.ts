// Shared by the Winograd kernels: which convolutions take that path, the tile
// grid and the input transform. F(2×2, r×r) (transforms in winogradTransforms.ts):
// every 2×2 block of output pixels is computed from an α×α input tile,
// α = r + 1, with α² multiplications per (input, output) channel pair instead
// of 4r², so 2.25× fewer for 3×3 filters and 2.78× fewer for 5×5.
//
// Tiles: tileRows × tileColumns cover the output; tileColumns is rounded up to
// a multiple of 4 because the transforms run four horizontally adjacent tiles
// in the four lanes of a vector. The transform-domain matrices are
// [ξ][channel][tile], ξ = i·α + j over the α×α positions, with the tiles of
// one image side by side (rounded up to 8, the GEMM tile's width; the
// convolution's channel rows further to tileRowFloats).

import { inputRowTransform, inputTransform } from './winogradTransforms';

/** Output pixels per tile side. */
export const TILE: i32 = 2;

/**
 * Whether conv2d and its gradients take the Winograd path: stride 1, square
 * 3×3 or 5×5 filters, and enough channels on both sides for the
 * transform-domain products to outweigh the transforms (measured with
 * benchmarkKernels: with 3 input channels the direct kernels win forward).
 */
export function winogradApplies(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32): bool {
  return stride == 1 && kernelH == kernelW && (kernelH == 3 || kernelH == 5) && inChannels >= 8 && outChannels >= 8;
}

@inline
export function alphaOf(kernel: i32): i32 {
  return kernel + TILE - 1;
}

@inline
export function tileRowsOf(outHeight: i32): i32 {
  return (outHeight + TILE - 1) / TILE;
}

@inline
export function tileColumnsOf(outWidth: i32): i32 {
  return (((outWidth + TILE - 1) / TILE) + 3) & ~3;
}

/** Tiles of one image in the transform-domain matrices: the grid, rounded up to 8. */
@inline
export function tilesPerImage(outHeight: i32, outWidth: i32): i32 {
  return (tileRowsOf(outHeight) * tileColumnsOf(outWidth) + 7) & ~7;
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
export function paddedRowsOf(outHeight: i32, kernel: i32): i32 {
  return tileRowsOf(outHeight) * TILE + kernel - 1;
}

@inline
export function paddedColumnsOf(outWidth: i32, kernel: i32): i32 {
  return tileColumnsOf(outWidth) * TILE + kernel - 1;
}

/** A padded image plus 8 floats of slack: the gathers of the last tile group read past its end. */
export function paddedImageBytes(channels: i32, outHeight: i32, outWidth: i32, kernel: i32): usize {
  return (<usize>(channels * paddedRowsOf(outHeight, kernel) * paddedColumnsOf(outWidth, kernel) + 8)) << 2;
}

/**
 * V[ξ][c][t] for every channel and tile of one padded image, channel rows
 * `rowFloats` apart: four tiles at a time, each row of their α×α inputs
 * gathered into lanes and transformed along the row into `work`, then each
 * column transformed into V.
 */
export function transformInputTiles(
  kernel: i32,
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
  const alpha = alphaOf(kernel);
  const rowBytes = (<usize>paddedColumns) << 2;
  const vectorRowBytes = (<usize>alpha) << 4;
  const rows = work;
  const positionStride = positionBytes(channels, rowFloats);
  const xiStride = <usize>alpha * positionStride;
  for (let c = 0; c < channels; c++) {
    const plane = padded + <usize>(c * paddedRows) * rowBytes;
    const vChannel = v + ((<usize>(c * rowFloats)) << 2);
    for (let ti = 0; ti < tileRows; ti++) {
      for (let group = 0; group < tileColumns; group += 4) {
        const corner = plane + <usize>(ti * TILE) * rowBytes + ((<usize>(group * TILE)) << 2);
        for (let a = 0; a < alpha; a++) inputRowTransform(kernel, corner + <usize>a * rowBytes, rows + <usize>a * vectorRowBytes, 16);
        const t = ti * tileColumns + group;
        const out = vChannel + ((<usize>t) << 2);
        for (let j = 0; j < alpha; j++) {
          inputTransform(kernel, rows + ((<usize>j) << 4), vectorRowBytes, out + <usize>j * positionStride, xiStride);
        }
      }
    }
  }
}
