// dw for 3×3 convolutions on maps of 3–4 pixels a side (winogradLayout's
// imageLanes), one F(4×4, 3×3) tile an image. As in winogradFilterGradient.ts,
//   dU[ξ][o][c] = Σ_t dM[ξ][o][t] · V[ξ][c][t],   dw[o,c] = Gᵀ dU G,
// but t, the tile, is an image here, and a chunk holds only 16: dot products
// that long cost about as much in lane sums as they add (measured 16% slower
// than F(2×2)'s blocks). So these products run on gemmTile, t being its K:
// the transforms put four channels of one image in the lanes, which stores V
// as rows [t][c] (gemmTile's B) and dM as blocks of four output channels
// [t][o] (its packed A) with no transposes, and dU comes out as plain floats.

import { gemmTile, gemmTile4Adding } from './gemmTile';
import { placeImage } from './paddedImage';
import { floatBytes } from './scratch';
import { gradientLaneTile, transformLaneTile } from './winogradImageLanes';
import { alphaOf, LANE_PASS_IMAGES, paddedColumnsOf, paddedImageBytes, paddedRowsOf, positionBytes } from './winogradLayout';
import { filterGradientSummedQuadTransform, filterGradientSummedTileTransform } from './winogradTransforms';

/** dM's blocks of output channels: gemmTile's 4-row tile, one vector of A a step. */
const BLOCK_ROWS: i32 = 4;
/** Floats a zero plane holds: a padded 6×6 input channel, with the slack its last row's second gather reads. */
const ZERO_PLANE_FLOATS: i32 = 40;

@inline
function roundUp(n: i32, multiple: i32): i32 {
  return (n + multiple - 1) / multiple * multiple;
}

/** Bytes of one position ξ of V: LANE_PASS_IMAGES rows of the input channels, rounded up to gemmTile's 8 columns. */
@inline
function vPlaneBytes(inChannels: i32): usize {
  return positionBytes(LANE_PASS_IMAGES, roundUp(inChannels, 8));
}

/** Bytes of one position ξ of dM: blocks of four output channels, LANE_PASS_IMAGES steps of four floats each. */
@inline
function dmPlaneBytes(outChannels: i32): usize {
  return positionBytes(roundUp(outChannels, BLOCK_ROWS), LANE_PASS_IMAGES);
}

/** Bytes of one position ξ of dU: rows of output channels, columns of input channels rounded up to 8. */
@inline
function duPlaneBytes(inChannels: i32, outChannels: i32): usize {
  return positionBytes(roundUp(outChannels, BLOCK_ROWS), roundUp(inChannels, 8));
}

export function winogradFilterGradientLanesScratchBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const tile = 4;
  const alpha = alphaOf(kernel, tile);
  const positions = <usize>(alpha * alpha);
  return positions * (vPlaneBytes(inChannels) + dmPlaneBytes(outChannels) + duPlaneBytes(inChannels, outChannels))
    + floatBytes(LANE_PASS_IMAGES) // gemmTile's K offsets: V's rows
    + floatBytes(BLOCK_ROWS) // zero bias
    + floatBytes(outChannels) // bias sums
    + paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile)
    + floatBytes(outChannels * tile * tile) // dy on the 4×4 grid, for 3-pixel sides
    + floatBytes(ZERO_PLANE_FLOATS)
    + ((<usize>(2 * alpha * alpha)) << 4); // transform work
}

/**
 * V and dM for image t: four channels at a time, a missing channel (past the
 * last) read from the zero plane, so V's rows and dM's blocks hold zeros there.
 */
function transformImage(
  kernel: i32,
  tile: i32,
  paddedX: usize,
  inChannels: i32,
  paddedRows: i32,
  paddedColumns: i32,
  gradient: usize,
  outChannels: i32,
  zeroPlane: usize,
  t: i32,
  v: usize,
  vPlane: usize,
  columns: i32,
  dm: usize,
  dmPlane: usize,
  work: usize,
): void {
  const rowBytes = (<usize>paddedColumns) << 2;
  const planeBytes = <usize>paddedRows * rowBytes;
  for (let c = 0; c < inChannels; c += 4) {
    const at = paddedX + <usize>c * planeBytes;
    const x1 = c + 1 < inChannels ? at + planeBytes : zeroPlane;
    const x2 = c + 2 < inChannels ? at + 2 * planeBytes : zeroPlane;
    const x3 = c + 3 < inChannels ? at + 3 * planeBytes : zeroPlane;
    transformLaneTile(kernel, tile, at, x1, x2, x3, rowBytes, v + ((<usize>(t * columns + c)) << 2), vPlane, work);
  }
  const gradientRowBytes = (<usize>tile) << 2;
  const gradientPlaneBytes = <usize>tile * gradientRowBytes;
  for (let o = 0; o < outChannels; o += BLOCK_ROWS) {
    const at = gradient + <usize>o * gradientPlaneBytes;
    const g1 = o + 1 < outChannels ? at + gradientPlaneBytes : zeroPlane;
    const g2 = o + 2 < outChannels ? at + 2 * gradientPlaneBytes : zeroPlane;
    const g3 = o + 3 < outChannels ? at + 3 * gradientPlaneBytes : zeroPlane;
    const block = dm + ((<usize>((o / BLOCK_ROWS) * LANE_PASS_IMAGES + t)) << 4);
    gradientLaneTile(kernel, tile, at, g1, g2, g3, gradientRowBytes, block, dmPlane, work);
  }
}

/** sums[o] += Σ of channel o's pixels, in the order winogradFilterGradient.ts adds them. */
function addChannelSums(dy: usize, channels: i32, pixels: i32, sums: usize): void {
  for (let o = 0; o < channels; o++) {
    const plane = dy + ((<usize>(o * pixels)) << 2);
    let lanes = f32x4.splat(0);
    let k = 0;
    for (; k + 4 <= pixels; k += 4) lanes = f32x4.add(lanes, v128.load(plane + ((<usize>k) << 2)));
    let sum = f32x4.extract_lane(lanes, 0) + f32x4.extract_lane(lanes, 1) + f32x4.extract_lane(lanes, 2) + f32x4.extract_lane(lanes, 3);
    for (; k < pixels; k++) sum += load<f32>(plane + ((<usize>k) << 2));
    const at = sums + ((<usize>o) << 2);
    store<f32>(at, load<f32>(at) + sum);
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
  const paddedRows = paddedRowsOf(outHeight, kernel, tile);
  const paddedColumns = paddedColumnsOf(outHeight, outWidth, kernel, tile);
  const vPlane = vPlaneBytes(inChannels);
  const dmPlane = dmPlaneBytes(outChannels);
  const duPlane = duPlaneBytes(inChannels, outChannels);

  const v = scratch;
  const dm = v + <usize>positions * vPlane;
  const du = dm + <usize>positions * dmPlane;
  const kOffsets = du + <usize>positions * duPlane;
  const zeroBias = kOffsets + floatBytes(LANE_PASS_IMAGES);
  const biasSums = zeroBias + floatBytes(BLOCK_ROWS);
  const paddedX = biasSums + floatBytes(outChannels);
  const paddedDy = paddedX + paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile);
  const zeroPlane = paddedDy + floatBytes(outChannels * tile * tile);
  const work = zeroPlane + floatBytes(ZERO_PLANE_FLOATS);

  const filterBytes = (<usize>(kernel * kernel)) << 2;
  if (batch == 0) {
    memory.fill(dw, 0, <usize>(outChannels * inChannels) * filterBytes);
    memory.fill(db, 0, (<usize>outChannels) << 2);
    return;
  }
  memory.fill(zeroBias, 0, (<usize>BLOCK_ROWS) << 2);
  memory.fill(biasSums, 0, (<usize>outChannels) << 2);
  memory.fill(paddedX, 0, paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile));
  memory.fill(paddedDy, 0, (<usize>(outChannels * tile * tile)) << 2);
  memory.fill(zeroPlane, 0, (<usize>ZERO_PLANE_FLOATS) << 2);
  // V's columns past the channels' groups of four are never written, and gemmTile reads 8 at a time.
  if ((inChannels & 7) != 0) memory.fill(v, 0, <usize>positions * vPlane);
  const vRowBytes = (<usize>columns) << 2;
  for (let t = 0; t < LANE_PASS_IMAGES; t++) store<u32>(kOffsets + ((<usize>t) << 2), <u32>(<usize>t * vRowBytes));

  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const dyBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  // A 4×4 output gradient is its own tile, read in place; 3-pixel sides are placed on the 4×4 grid.
  const gridFitsOutput = outHeight == tile && outWidth == tile;
  const blockBytes = (<usize>(LANE_PASS_IMAGES * BLOCK_ROWS)) << 2;
  for (let first = 0; first < batch; first += LANE_PASS_IMAGES) {
    const images = min(LANE_PASS_IMAGES, batch - first);
    for (let t = 0; t < images; t++) {
      const n = first + t;
      placeImage(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, paddedX);
      const image = dy + <usize>n * dyBytes;
      let gradient = image;
      if (!gridFitsOutput) {
        placeImage(image, outChannels, outHeight, outWidth, 1, 0, 0, tile, tile, paddedDy);
        gradient = paddedDy;
      }
      transformImage(
        kernel, tile, paddedX, inChannels, paddedRows, paddedColumns, gradient, outChannels, zeroPlane, t, v, vPlane, columns, dm, dmPlane, work,
      );
      addChannelSums(image, outChannels, outHeight * outWidth, biasSums);
    }
    // dU[ξ] = dM[ξ] · Vᵀ over this group's images: the first group writes, later ones add.
    for (let xi = 0; xi < positions; xi++) {
      const vXi = v + <usize>xi * vPlane;
      const dmXi = dm + <usize>xi * dmPlane;
      const duXi = du + <usize>xi * duPlane;
      for (let o = 0; o < blockRows; o += BLOCK_ROWS) {
        const a = dmXi + <usize>(o / BLOCK_ROWS) * blockBytes;
        const out = duXi + <usize>o * vRowBytes;
        for (let c = 0; c < columns; c += 8) {
          const at = (<usize>c) << 2;
          if (first == 0) gemmTile(BLOCK_ROWS, a, vXi + at, kOffsets, images, zeroBias, out + at, vRowBytes);
          else gemmTile4Adding(a, vXi + at, kOffsets, images, out + at, vRowBytes);
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
