// U[ξ][o][c] = (G w[o,c] Gᵀ)[ξ] for every channel pair of a Winograd
// convolution, written straight in gemmTile's packed order (as packFilterRows
// lays it out: per ξ, block by block of output channels, for each input
// channel the block's rows side by side; ξ's planes positionBytes apart, off
// the 4 KiB grid like V's and M's, or the 16 stores of each filter would all
// land in one L1 set). One pass with the whole 2-D
// transform in registers: transforming into a [ξ][o][c] matrix through a work
// area and then repacking it took 15–20% of a convolution with 128–256
// channels on 8×8 maps, where each call's 16 images share the filters.

import { blockCount, rowsOfNextBlock } from './tileShape';
import { positionBytes } from './winogradLayout';
import { filterTileTransform } from './winogradTransforms';

/**
 * Packed U for filters w[o][c][r][r]; with `transposed`, for the input
 * gradient: w is the forward convolution's [c][o][r][r] and each filter is
 * read rotated by 180° (as conv2dBackwardInput.ts flips them).
 */
export function packTransformedFilters(kernel: i32, tile: i32, w: usize, outChannels: i32, inChannels: i32, transposed: bool, packedU: usize): void {
  const tapBytes = <usize>(kernel * kernel) << 2;
  const xiStride = positionBytes(outChannels, inChannels);
  // Byte steps between the filters of consecutive o and c, and within one filter.
  const outStep = transposed ? tapBytes : <usize>inChannels * tapBytes;
  const inStep = transposed ? <usize>outChannels * tapBytes : tapBytes;
  const first = transposed ? w + tapBytes - 4 : w;
  const rowStride: isize = transposed ? -(<isize>kernel << 2) : <isize>kernel << 2;
  const columnStride: isize = transposed ? -4 : 4;
  const blocks = blockCount(outChannels);
  let firstRow = 0;
  let block = packedU;
  for (let b = 0; b < blocks; b++) {
    const rows = rowsOfNextBlock(outChannels - firstRow, blocks - b);
    for (let c = 0; c < inChannels; c++) {
      const filters = first + <usize>firstRow * outStep + <usize>c * inStep;
      const out = block + ((<usize>(c * rows)) << 2);
      for (let r = 0; r < rows; r++) {
        filterTileTransform(kernel, tile, filters + <usize>r * outStep, rowStride, columnStride, out + ((<usize>r) << 2), xiStride);
      }
    }
    block += (<usize>(rows * inChannels)) << 2;
    firstRow += rows;
  }
}
