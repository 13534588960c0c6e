// Stride-1 convolution by Winograd's F(m×m, r×r) (m from winogradTile, see
// winogradLayout.ts), one image at a time:
//   U[ξ][o][c] = (G w[o,c] Gᵀ)[ξ]                    once per call, or kept by the caller (below)
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
import { transformInputLanes } from './winogradImageLanes';
import {
  alphaOf, imageLanes, imagesPerPass, paddedColumnsOf, paddedImageBytes, paddedRowsOf, positionBytes, tileColumnsOf, tileRowFloats, tileRowsOf, tilesPerImage,
  transformInputTiles, winogradTile,
} from './winogradLayout';
import { packTransformedFilters } from './winogradFilters';
import { outputTileTransform } from './winogradTransforms';

/** Bytes of the transforms' work area: two α×α blocks of vectors. */
@inline
function workBytes(alpha: i32): usize {
  return (<usize>(2 * alpha * alpha)) << 4;
}

/** Bytes of U, the packed transformed filters: what a caller keeps to skip the filter transform while the weights stay the same. */
export function winogradFilterBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const alpha = alphaOf(kernel, winogradTile(kernel, outHeight, outWidth));
  return <usize>(alpha * alpha) * positionBytes(outChannels, inChannels);
}

export function winogradConvolutionScratchBytes(inChannels: i32, outChannels: i32, kernel: i32, outHeight: i32, outWidth: i32): usize {
  const tile = winogradTile(kernel, outHeight, outWidth);
  const alpha = alphaOf(kernel, tile);
  const rowFloats = tileRowFloats(imagesPerPass(outHeight, outWidth, tile) * tilesPerImage(outHeight, outWidth, tile));
  const positions = alpha * alpha;
  return <usize>positions * positionBytes(outChannels, inChannels) // U, packed for gemmTile
    + floatBytes(inChannels) // tap offsets: V's channel rows
    + floatBytes(outChannels) // zero bias for the products
    + paddedImagesBytes(inChannels, outHeight, outWidth, kernel, tile)
    + <usize>positions * positionBytes(inChannels, rowFloats) // V
    + <usize>positions * positionBytes(outChannels, rowFloats) // M
    + workBytes(alpha);
}

/** The padded images a pass transforms at a time: four for images of one tile (one a lane), else one. */
@inline
function paddedImagesBytes(inChannels: i32, outHeight: i32, outWidth: i32, kernel: i32, tile: i32): usize {
  return paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile) * (imageLanes(outHeight, outWidth, tile) ? 4 : 1);
}

/** y for one image from M: each group of four tiles back from the transform domain, plus bias, optional ReLU, cropped to the output. */
function transformOutputTiles(
  kernel: i32,
  tile: i32,
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
  const alpha = alphaOf(kernel, tile);
  const xiStride = positionBytes(outChannels, rowFloats);
  const tileOut = work; // tileOut[i][j]: pixel (i, j) of the four tiles, one per lane
  for (let o = 0; o < outChannels; o++) {
    const b = v128.load32_splat(bias + ((<usize>o) << 2));
    const plane = y + ((<usize>(o * outHeight * outWidth)) << 2);
    for (let ti = 0; ti < tileRows; ti++) {
      for (let group = 0; group < tileColumns; group += 4) {
        const src = m + ((<usize>(o * rowFloats + ti * tileColumns + group)) << 2);
        outputTileTransform(kernel, tile, src, xiStride, tileOut, 16);
        const column = group * tile;
        for (let i = 0; i < tile; i++) {
          const row = ti * tile + i;
          if (row >= outHeight) break;
          const to = plane + ((<usize>(row * outWidth + column)) << 2);
          const pixels = tileOut + ((<usize>(i * tile)) << 4);
          if (tile == 2) storeTwoPixelTiles(pixels, b, relu, to, outWidth - column);
          else storeFourPixelTiles(pixels, b, relu, to, outWidth - column);
        }
      }
    }
  }
}

/** y for one image whose tiles are one 2×2 block (see blockTiles): lanes 0 and 1 hold the top row of tiles, 2 and 3 the bottom. */
function transformOutputBlocks(
  kernel: i32,
  tile: i32,
  m: usize,
  outChannels: i32,
  rowFloats: i32,
  bias: usize,
  relu: bool,
  y: usize,
  outHeight: i32,
  outWidth: i32,
  work: usize,
): void {
  const xiStride = positionBytes(outChannels, rowFloats);
  const tileOut = work;
  const rowBytes = (<usize>outWidth) << 2;
  for (let o = 0; o < outChannels; o++) {
    const b = v128.load32_splat(bias + ((<usize>o) << 2));
    const plane = y + ((<usize>(o * outHeight * outWidth)) << 2);
    outputTileTransform(kernel, tile, m + ((<usize>(o * rowFloats)) << 2), xiStride, tileOut, 16);
    for (let i = 0; i < tile; i++) {
      const pixels = tileOut + ((<usize>(i * tile)) << 4);
      const lower = tile + i;
      if (tile == 2) storeTwoPixelBlockRows(pixels, b, relu, plane + <usize>i * rowBytes, plane + <usize>lower * rowBytes, outWidth, lower < outHeight);
      else storeFourPixelBlockRows(pixels, b, relu, plane + <usize>i * rowBytes, plane + <usize>lower * rowBytes, outWidth, lower < outHeight);
    }
  }
}

/**
 * y for `count` (1–4) images of one tile each (see imageLanes), lane l of M
 * being image l, whose outputs are `outBytes` apart from `y`: each row of the
 * tile back out of the lanes by a 4×4 transpose.
 */
function transformOutputLanes(
  kernel: i32,
  tile: i32,
  m: usize,
  count: i32,
  outChannels: i32,
  rowFloats: i32,
  bias: usize,
  relu: bool,
  y: usize,
  outBytes: usize,
  outHeight: i32,
  outWidth: i32,
  work: usize,
): void {
  const xiStride = positionBytes(outChannels, rowFloats);
  const tileOut = work;
  const rowBytes = (<usize>outWidth) << 2;
  for (let o = 0; o < outChannels; o++) {
    const b = v128.load32_splat(bias + ((<usize>o) << 2));
    const plane = y + ((<usize>(o * outHeight * outWidth)) << 2);
    outputTileTransform(kernel, tile, m + ((<usize>(o * rowFloats)) << 2), xiStride, tileOut, 16);
    for (let i = 0; i < outHeight; i++) {
      const pixels = tileOut + ((<usize>(i * tile)) << 4);
      const y0 = activate(v128.load(pixels), b, relu);
      const y1 = activate(v128.load(pixels, 16), b, relu);
      const y2 = activate(v128.load(pixels, 32), b, relu);
      const y3 = activate(v128.load(pixels, 48), b, relu);
      const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
      const t2 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
      const t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
      const row = plane + <usize>i * rowBytes;
      storeRow(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), row, outWidth);
      if (count > 1) storeRow(v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), row + outBytes, outWidth);
      if (count > 2) storeRow(v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), row + 2 * outBytes, outWidth);
      if (count > 3) storeRow(v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), row + 3 * outBytes, outWidth);
    }
  }
}

/** Row i of a block of 2-pixel tiles: tiles 0 and 1 (lanes 0, 1) to `upper`, 2 and 3 to `lower` (when inside the map); `width` pixels a row, 3 or 4. */
function storeTwoPixelBlockRows(pixels: usize, b: v128, relu: bool, upper: usize, lower: usize, width: i32, hasLower: bool): void {
  const y0 = activate(v128.load(pixels), b, relu);
  const y1 = activate(v128.load(pixels, 16), b, relu);
  const top = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
  const bottom = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  storeRow(top, upper, width);
  if (hasLower) storeRow(bottom, lower, width);
}

/** Row i of a block of 4-pixel tiles (the 4×4 transpose of the tiles' lanes): tiles 0 and 1 to `upper`, 2 and 3 to `lower`; `width` 5 to 8. */
function storeFourPixelBlockRows(pixels: usize, b: v128, relu: bool, upper: usize, lower: usize, width: i32, hasLower: bool): void {
  const y0 = activate(v128.load(pixels), b, relu);
  const y1 = activate(v128.load(pixels, 16), b, relu);
  const y2 = activate(v128.load(pixels, 32), b, relu);
  const y3 = activate(v128.load(pixels, 48), b, relu);
  const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
  storeRow(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), upper, 4);
  storeRow(v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), upper + 16, width - 4);
  if (hasLower) {
    storeRow(v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), lower, 4);
    storeRow(v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), lower + 16, width - 4);
  }
}

/** The first `count` (at most 4) lanes of `v` to `to`. */
@inline
function storeRow(v: v128, to: usize, count: i32): void {
  if (count >= 4) {
    v128.store(to, v);
  } else {
    for (let l = 0; l < count; l++) store<f32>(to + ((<usize>l) << 2), laneOf(v, v, l));
  }
}

/** bias added, and ReLU as the reference's `x > 0 ? x : 0`: a mask rather than f32x4.max, so that −0 and NaN give +0. */
@inline
function activate(v: v128, b: v128, relu: bool): v128 {
  const sum = f32x4.add(v, b);
  return relu ? v128.and(sum, f32x4.gt(sum, f32x4.splat(0))) : sum;
}

/** One output row of four 2-pixel tiles: pixel j of tile l is lane l of the vector at pixels + 16j; `valid` of the 8 lie inside the map. */
function storeTwoPixelTiles(pixels: usize, b: v128, relu: bool, to: usize, valid: i32): void {
  const y0 = activate(v128.load(pixels), b, relu);
  const y1 = activate(v128.load(pixels, 16), b, relu);
  const lo = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
  const hi = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  if (valid >= 8) {
    v128.store(to, lo);
    v128.store(to, hi, 16);
  } else {
    // The grid overhangs the output's right edge: store the pixels inside it.
    for (let l = 0; l < valid; l++) store<f32>(to + ((<usize>l) << 2), laneOf(lo, hi, l));
  }
}

/** One output row of four 4-pixel tiles (the 4×4 transpose of the tiles' lanes); `valid` of the 16 lie inside the map. */
function storeFourPixelTiles(pixels: usize, b: v128, relu: bool, to: usize, valid: i32): void {
  const y0 = activate(v128.load(pixels), b, relu);
  const y1 = activate(v128.load(pixels, 16), b, relu);
  const y2 = activate(v128.load(pixels, 32), b, relu);
  const y3 = activate(v128.load(pixels, 48), b, relu);
  const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
  const q0 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5);
  const q1 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  const q2 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5);
  const q3 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  if (valid >= 16) {
    v128.store(to, q0);
    v128.store(to, q1, 16);
    v128.store(to, q2, 32);
    v128.store(to, q3, 48);
  } else {
    for (let l = 0; l < valid; l++) {
      const tilePixels = l < 8 ? (l < 4 ? q0 : q1) : (l < 12 ? q2 : q3);
      store<f32>(to + ((<usize>l) << 2), laneOf(tilePixels, tilePixels, l & 3));
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
 * V for `images` images of one tile each (imageLanes), four at a time into
 * V's lanes: a group short of four repeats its first image in the other
 * lanes, whose outputs are not stored.
 */
function transformPassLanes(
  x: usize,
  imageBytes: usize,
  images: i32,
  inChannels: i32,
  inHeight: i32,
  inWidth: i32,
  padding: i32,
  paddedRows: i32,
  paddedColumns: i32,
  padded: usize,
  paddedBytes: usize,
  kernel: i32,
  tile: i32,
  rowFloats: i32,
  v: usize,
  work: usize,
): void {
  for (let first = 0; first < images; first += 4) {
    const count = min(4, images - first);
    for (let l = 0; l < count; l++) {
      placeImage(x + <usize>(first + l) * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, padded + <usize>l * paddedBytes);
    }
    const image1 = count > 1 ? padded + paddedBytes : padded;
    const image2 = count > 2 ? padded + 2 * paddedBytes : padded;
    const image3 = count > 3 ? padded + 3 * paddedBytes : padded;
    transformInputLanes(kernel, tile, padded, image1, image2, image3, inChannels, paddedRows, paddedColumns, rowFloats, v + ((<usize>first) << 2), work);
  }
}

/**
 * y[n] = conv(x[n], w) + b (ReLU optional), stride 1, for filters in
 * [out][in][r][r] order, or with `transposedFilters` those of the convolution
 * this one is the input gradient of (see packTransformedFilters); without
 * `hasBias`, `bias` is not read. `keptFilters`, when not 0, is the caller's
 * winogradFilterBytes for U: transformed into unless `keptCurrent` says it
 * already holds these weights' U (a layer's chunks between two weight
 * updates share it). U is the same either way, so are the results.
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
  keptFilters: usize,
  keptCurrent: bool,
): void {
  const tile = winogradTile(kernel, outHeight, outWidth);
  const alpha = alphaOf(kernel, tile);
  const positions = alpha * alpha;
  const imageTiles = tilesPerImage(outHeight, outWidth, tile);
  const passImages = imagesPerPass(outHeight, outWidth, tile);
  const tiles = passImages * imageTiles;
  const tileRows = tileRowsOf(outHeight, tile);
  const tileColumns = tileColumnsOf(outHeight, outWidth, tile);
  const paddedRows = paddedRowsOf(outHeight, kernel, tile);
  const paddedColumns = paddedColumnsOf(outHeight, outWidth, kernel, tile);
  const paddedBytes = paddedImageBytes(inChannels, outHeight, outWidth, kernel, tile);
  const lanes = imageLanes(outHeight, outWidth, tile);

  const packedU = keptFilters != 0 ? keptFilters : scratch;
  const kOffsets = scratch + <usize>positions * positionBytes(outChannels, inChannels);
  const zeroBias = kOffsets + floatBytes(inChannels);
  const padded = zeroBias + floatBytes(outChannels);
  const v = padded + paddedImagesBytes(inChannels, outHeight, outWidth, kernel, tile);
  const rowFloats = tileRowFloats(tiles);
  const vBytes = positionBytes(inChannels, rowFloats);
  const mBytes = positionBytes(outChannels, rowFloats);
  const m = v + <usize>positions * vBytes;
  const work = m + <usize>positions * mBytes;

  if (keptFilters == 0 || !keptCurrent) packTransformedFilters(kernel, tile, w, outChannels, inChannels, transposedFilters, packedU);
  const uBytes = positionBytes(outChannels, inChannels);
  const tileRowBytes = (<usize>rowFloats) << 2;
  for (let c = 0; c < inChannels; c++) store<u32>(kOffsets + ((<usize>c) << 2), <u32>(<usize>c * tileRowBytes));
  memory.fill(zeroBias, 0, (<usize>outChannels) << 2);
  // Zeroed once: every image writes the same interior, the border stays 0.
  memory.fill(padded, 0, paddedImagesBytes(inChannels, outHeight, outWidth, kernel, tile));
  // Tiles past the grid (the round-up to 8) are never written: keep them 0.
  memory.fill(v, 0, <usize>positions * vBytes);

  const blocks = blockCount(outChannels);
  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const outBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  for (let n = 0; n < batch; n += passImages) {
    // A pass's images side by side along the tiles; a last pass short of images leaves stale tiles whose outputs are not stored.
    const images = min(passImages, batch - n);
    if (lanes) {
      transformPassLanes(
        x + <usize>n * imageBytes, imageBytes, images, inChannels, inHeight, inWidth, padding, paddedRows, paddedColumns, padded, paddedBytes,
        kernel, tile, rowFloats, v, work,
      );
    }
    for (let k = 0; k < images && !lanes; k++) {
      placeImage(x + <usize>(n + k) * imageBytes, inChannels, inHeight, inWidth, 1, padding, padding, paddedRows, paddedColumns, padded);
      transformInputTiles(kernel, tile, padded, inChannels, paddedRows, paddedColumns, tileRows, tileColumns, rowFloats, v + ((<usize>(k * imageTiles)) << 2), work);
    }
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
    const activeBias = hasBias ? bias : zeroBias;
    for (let first = 0; first < images && lanes; first += 4) {
      const count = min(4, images - first);
      transformOutputLanes(kernel, tile, m + ((<usize>first) << 2), count, outChannels, rowFloats, activeBias, relu, y + <usize>(n + first) * outBytes, outBytes, outHeight, outWidth, work);
    }
    for (let k = 0; k < images && !lanes; k++) {
      const imageM = m + ((<usize>(k * imageTiles)) << 2);
      const imageY = y + <usize>(n + k) * outBytes;
      if (tileRows == 2 && tileColumns == 2) {
        transformOutputBlocks(kernel, tile, imageM, outChannels, rowFloats, activeBias, relu, imageY, outHeight, outWidth, work);
      } else {
        transformOutputTiles(kernel, tile, imageM, outChannels, rowFloats, tileRows, tileColumns, activeBias, relu, imageY, outHeight, outWidth, work);
      }
    }
  }
}
