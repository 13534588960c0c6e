// The transforms of maps that are one F(4×4, 3×3) tile an image (3–4 pixels a
// side, winogradLayout's imageLanes): the lanes of a vector hold one tile of
// four different images, where the other layouts put four tiles of one image
// there: the convolution's products then see the images side by side along t,
// the tile index, exactly as the other layouts' tiles (the way back out of the
// lanes is in winogradConvolution.ts). The filter gradient puts four channels
// of one image in the lanes instead (winogradFilterGradientLanes.ts). Either
// way each tile row of the four is gathered into lanes by a 4×4 transpose,
// and the transforms run along both axes on whole vectors.

import { alphaOf, positionBytes } from './winogradLayout';
import { gradientTransform, inputTransform } from './winogradTransforms';

/** The 4×4 transpose of a, b, c and d to four vectors `dstStride` apart: lane l of the k-th is lane k of the l-th source. */
@inline
function storeTransposed(a: v128, b: v128, c: v128, d: v128, dst: usize, dstStride: usize): void {
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * Bᵀ d B for four α×α input tiles (α = 6), one a lane: tile l's rows are
 * `rowBytes` apart from src_l. Each row of the four gathered into lanes
 * (columns 0–3 and 2–5, two transposes), Bᵀ along it into `work`, then Bᵀ
 * down each column; position ξ to out + ξ·positionStride. `work` holds 2α²
 * vectors.
 */
export function transformLaneTile(
  kernel: i32,
  tile: i32,
  src0: usize,
  src1: usize,
  src2: usize,
  src3: usize,
  rowBytes: usize,
  out: usize,
  positionStride: usize,
  work: usize,
): void {
  const alpha = alphaOf(kernel, tile);
  const vectorRowBytes = (<usize>alpha) << 4;
  const rows = work;
  const gathered = work + <usize>alpha * vectorRowBytes;
  for (let a = 0; a < alpha; a++) {
    const at = <usize>a * rowBytes;
    const row = gathered + <usize>a * vectorRowBytes;
    storeTransposed(v128.load(src0 + at), v128.load(src1 + at), v128.load(src2 + at), v128.load(src3 + at), row, 16);
    // Columns 2–5: the last α − 4 and again 2 and 3 (same values).
    storeTransposed(v128.load(src0 + at, 8), v128.load(src1 + at, 8), v128.load(src2 + at, 8), v128.load(src3 + at, 8), row + 32, 16);
    inputTransform(kernel, tile, row, 16, rows + <usize>a * vectorRowBytes, 16);
  }
  const xiStride = <usize>alpha * positionStride;
  for (let j = 0; j < alpha; j++) {
    inputTransform(kernel, tile, rows + ((<usize>j) << 4), vectorRowBytes, out + <usize>j * positionStride, xiStride);
  }
}

/**
 * A dy Aᵀ for four m×m output-gradient tiles (m = 4), one a lane: tile l's
 * rows are `rowBytes` apart from src_l. Each row gathered into lanes (one
 * transpose), A along it into `work`, then A down each column; position ξ to
 * out + ξ·positionStride. `work` holds 2α² vectors.
 */
export function gradientLaneTile(
  kernel: i32,
  tile: i32,
  src0: usize,
  src1: usize,
  src2: usize,
  src3: usize,
  rowBytes: usize,
  out: usize,
  positionStride: usize,
  work: usize,
): void {
  const alpha = alphaOf(kernel, tile);
  const vectorRowBytes = (<usize>alpha) << 4;
  const rows = work;
  const gathered = work + <usize>alpha * vectorRowBytes;
  for (let i = 0; i < tile; i++) {
    const at = <usize>i * rowBytes;
    const row = gathered + <usize>i * vectorRowBytes;
    storeTransposed(v128.load(src0 + at), v128.load(src1 + at), v128.load(src2 + at), v128.load(src3 + at), row, 16);
    gradientTransform(kernel, tile, row, 16, rows + <usize>i * vectorRowBytes, 16);
  }
  const xiStride = <usize>alpha * positionStride;
  for (let j = 0; j < alpha; j++) {
    gradientTransform(kernel, tile, rows + ((<usize>j) << 4), vectorRowBytes, out + <usize>j * positionStride, xiStride);
  }
}

/**
 * V[ξ][c][t … t+3] for four images' tiles, each image zero-padded to α×α a
 * channel (paddedRows × paddedColumns) at image0 … image3, channel rows
 * `rowFloats` apart in V: the images in the lanes.
 */
export function transformInputLanes(
  kernel: i32,
  tile: i32,
  image0: usize,
  image1: usize,
  image2: usize,
  image3: usize,
  channels: i32,
  paddedRows: i32,
  paddedColumns: i32,
  rowFloats: i32,
  v: usize,
  work: usize,
): void {
  const rowBytes = (<usize>paddedColumns) << 2;
  const planeBytes = <usize>paddedRows * rowBytes;
  const positionStride = positionBytes(channels, rowFloats);
  for (let c = 0; c < channels; c++) {
    const plane = <usize>c * planeBytes;
    const out = v + ((<usize>(c * rowFloats)) << 2);
    transformLaneTile(kernel, tile, image0 + plane, image1 + plane, image2 + plane, image3 + plane, rowBytes, out, positionStride, work);
  }
}
