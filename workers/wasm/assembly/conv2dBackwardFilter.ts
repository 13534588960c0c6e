// dw[o,c,p,q] = Σ_{n,i,j} dy[n,o,i,j] · x[n,c,i·s+p−pad, j·s+q−pad],  db[o] = Σ dy[n,o,·,·].
// A reduction over every output pixel with a small result (outC × inC·kh·kw),
// so the tiles keep a transposed gradient acc[k][o] in scratch and add each
// image's contribution to it: x comes from the same phase layout as the forward
// pass, dy is transposed per image so that 8 output channels are one row.
// Three kinds of tile cover the taps: one filter row's taps (filterGradientTile),
// runs of taps across rows (addTapRunTiles below) and pairs of short rows
// (filterGradientTwoRowTile), each where it keeps the most accumulators busy.

import { floatBytes } from './scratch';
import { filterGradientRunTile, filterGradientTile } from './filterGradientTile';
import { filterGradientTwoRowTile, pairsFilterRows } from './filterGradientTwoRowTile';
import { phaseExtent, phaseImageBytes, splitPhases, tapRowOffset } from './paddedImage';
import { blockCount, MAX_TILE_ROWS, rowsOfNextBlock, TILE_COLUMNS } from './tileShape';
import { transposeOutputGradient } from './transposeOutputGradient';
import { winogradFilterGradient, winogradFilterGradientScratchBytes } from './winogradFilterGradient';
import { winogradFilterGradientApplies } from './winogradLayout';

/** Output channels rounded up to whole vectors; the extra lanes of dyT stay zero. */
@inline
function channelLanes(outChannels: i32): i32 {
  return (outChannels + 3) & ~3;
}

export function conv2dBackwardFilterScratchBytes(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32, outHeight: i32, outWidth: i32): usize {
  if (winogradFilterGradientApplies(inChannels, outChannels, kernelH, kernelW, stride)) {
    return winogradFilterGradientScratchBytes(inChannels, outChannels, kernelH, outHeight, outWidth);
  }
  const lanes = channelLanes(outChannels);
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  return floatBytes(inChannels * kernelH * kernelW * lanes) + floatBytes(outHeight * outWidth * lanes) + phaseImageBytes(inChannels, stride, phaseRows, phaseColumns) + floatBytes(lanes) + floatBytes(4 * lanes);
}

// With stride 1 and filter rows of at least MAX_TILE_ROWS − 1 taps (or of
// exactly half a tile), the 8-channel tiles take the taps k = (c·kh + p)·kw + q
// in runs of MAX_TILE_ROWS straight through (c, p, q) order: a run crosses
// into at most one more filter row, which filterGradientRunTile reads from a
// second pointer, and no register row is left idle by a row length the tile
// height does not divide (5×5 filters: 6 taps a tile instead of 5; 3×3: 6
// instead of 3+3 and 3).
function addTapRunTiles(
  padded: usize,
  kCount: i32,
  kernelH: i32,
  kernelW: i32,
  phaseRows: i32,
  phaseColumns: i32,
  dyT: usize,
  laneBytes: usize,
  outHeight: i32,
  outWidth: i32,
  acc: usize,
): void {
  const xRowBytes = (<usize>phaseColumns) << 2;
  for (let k = 0; k < kCount; k += MAX_TILE_ROWS) {
    const rows = min(MAX_TILE_ROWS, kCount - k);
    const filterRow = k / kernelW;
    const q = k - filterRow * kernelW;
    const taps = padded + tapRowOffset(filterRow / kernelH, filterRow % kernelH, 0, 1, phaseRows, phaseColumns) + ((<usize>q) << 2);
    const accRows = acc + <usize>k * laneBytes;
    const first = min(rows, kernelW - q);
    // kCount is a multiple of kernelW, so the last run ends with a filter row:
    // only full runs cross into the next row.
    const next = first == rows ? taps : padded + tapRowOffset((filterRow + 1) / kernelH, (filterRow + 1) % kernelH, 0, 1, phaseRows, phaseColumns);
    filterGradientRunTile(rows, first, taps, next - taps, xRowBytes, dyT, laneBytes, outHeight, outWidth, accRows, laneBytes);
  }
}

export function conv2dBackwardFilter(
  x: usize,
  dy: usize,
  dw: usize,
  db: usize,
  batch: i32,
  inChannels: i32,
  inHeight: i32,
  inWidth: i32,
  outChannels: i32,
  kernelH: i32,
  kernelW: i32,
  stride: i32,
  padding: i32,
  outHeight: i32,
  outWidth: i32,
  scratch: usize,
): void {
  if (winogradFilterGradientApplies(inChannels, outChannels, kernelH, kernelW, stride)) {
    winogradFilterGradient(x, dy, dw, db, batch, inChannels, inHeight, inWidth, outChannels, kernelH, padding, outHeight, outWidth, scratch);
    return;
  }
  const kCount = inChannels * kernelH * kernelW;
  const lanes = channelLanes(outChannels);
  const pixels = outHeight * outWidth;
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  const acc = scratch;
  const dyT = acc + floatBytes(kCount * lanes);
  const padded = dyT + floatBytes(pixels * lanes);
  // The bias gradient: each image's partial sums, combined and added to the
  // batch's (one running sum over every pixel of the batch lost digits).
  const biasSums = padded + phaseImageBytes(inChannels, stride, phaseRows, phaseColumns);
  const imageSums = biasSums + floatBytes(lanes);
  memory.fill(acc, 0, floatBytes(kCount * lanes));
  memory.fill(dyT, 0, floatBytes(pixels * lanes));
  memory.fill(padded, 0, phaseImageBytes(inChannels, stride, phaseRows, phaseColumns));
  memory.fill(biasSums, 0, floatBytes(lanes));

  const laneBytes = (<usize>lanes) << 2;
  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const dyBytes = (<usize>(outChannels * pixels)) << 2;
  // Tap runs where they take fewer passes over the image than one tile per
  // filter row (a single 5×5 channel is 5 passes either way, and the run
  // version's last pass covers a lone tap).
  const tapRuns = stride == 1 && (kernelW >= MAX_TILE_ROWS - 1 || 2 * kernelW == MAX_TILE_ROWS)
    && blockCount(kCount) < inChannels * kernelH * blockCount(kernelW);
  for (let n = 0; n < batch; n++) {
    splitPhases(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, padding, stride, phaseRows, phaseColumns, padded);
    transposeOutputGradient(dy + <usize>n * dyBytes, outChannels, pixels, lanes, dyT, imageSums);
    for (let o = 0; o < lanes; o += 4) {
      const at = biasSums + ((<usize>o) << 2);
      const partial = imageSums + ((<usize>o) << 2);
      const image = f32x4.add(
        f32x4.add(v128.load(partial), v128.load(partial + laneBytes)),
        f32x4.add(v128.load(partial + 2 * laneBytes), v128.load(partial + 3 * laneBytes)),
      );
      v128.store(at, f32x4.add(v128.load(at), image));
    }
    for (let c = 0; c < inChannels; c++) {
      for (let p = 0; p < kernelH; p++) {
        // Taps b, b+s, b+2s, … of this filter row share a phase and sit side by side in it.
        for (let b = 0; b < min(stride, kernelW); b++) {
          const taps = (kernelW - b + stride - 1) / stride;
          const blocks = blockCount(taps);
          const rowPixels = padded + tapRowOffset(c, p, b, stride, phaseRows, phaseColumns);
          const rowAcc = acc + <usize>((c * kernelH + p) * kernelW + b) * laneBytes;
          // 8 channels per tile, and a narrow tile of 4 for a remainder (26 = 8+8+8+4, not 8+8+8+8).
          for (let o = 0; o < lanes; o += TILE_COLUMNS) {
            const wide = o + TILE_COLUMNS <= lanes;
            const laneOffset = (<usize>o) << 2;
            if (wide && tapRuns) continue;
            if (blocks == 1 && pairsFilterRows(taps, wide)) {
              // Rows p (even) and p+1 in one tile, so odd rows are done; an unpaired last row goes alone.
              if ((p & 1) == 1) continue;
              if (p + 1 < kernelH) {
                filterGradientTwoRowTile(
                  taps, wide, rowPixels, padded + tapRowOffset(c, p + 1, b, stride, phaseRows, phaseColumns) - rowPixels,
                  (<usize>phaseColumns) << 2, dyT + laneOffset, laneBytes, outHeight, outWidth,
                  rowAcc + laneOffset, <usize>kernelW * laneBytes, <usize>stride * laneBytes,
                );
                continue;
              }
            }
            let first = 0;
            for (let block = 0; block < blocks; block++) {
              const rows = rowsOfNextBlock(taps - first, blocks - block);
              filterGradientTile(
                rows, wide, rowPixels + ((<usize>first) << 2), (<usize>phaseColumns) << 2,
                dyT + laneOffset, laneBytes, outHeight, outWidth,
                rowAcc + <usize>(first * stride) * laneBytes + laneOffset, <usize>stride * laneBytes,
              );
              first += rows;
            }
          }
        }
      }
    }
    if (tapRuns) {
      for (let o = 0; o + TILE_COLUMNS <= lanes; o += TILE_COLUMNS) {
        const laneOffset = (<usize>o) << 2;
        addTapRunTiles(padded, kCount, kernelH, kernelW, phaseRows, phaseColumns, dyT + laneOffset, laneBytes, outHeight, outWidth, acc + laneOffset);
      }
    }
  }
  memory.copy(db, biasSums, (<usize>outChannels) << 2);
  for (let o = 0; o < outChannels; o++) {
    for (let k = 0; k < kCount; k++) {
      store<f32>(dw + ((<usize>(o * kCount + k)) << 2), load<f32>(acc + <usize>k * laneBytes + ((<usize>o) << 2)));
    }
  }
}
