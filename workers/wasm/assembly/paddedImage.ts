// The layouts the tiles read from. A convolution with stride s reads pixel
// (i·s + p, j·s + q) of the zero-padded input. Split into s×s phase images,
// phase(a, b)[u, v] = padded[u·s + a, v·s + b], that pixel is
// phase(p % s, q % s)[i + p/s, j + q/s]: consecutive output pixels read
// consecutive floats whatever the stride, which is what the tiles' vector
// loads need. With stride 1 there is a single phase, the padded image itself.
// Layout: [channel][phase row a][phase column b][u][v].

import { TILE_COLUMNS } from './tileShape';

/** Rows (or columns) of each phase image: just enough for every window of the output. */
export function phaseExtent(outExtent: i32, kernelExtent: i32, stride: i32): i32 {
  const padded = (outExtent - 1) * stride + kernelExtent;
  return (padded + stride - 1) / stride;
}

/**
 * Bytes of a phase-split image, with TILE_COLUMNS floats of slack: the last
 * run of 8 pixels in a row is computed whole and may read up to 7 floats past
 * the image (those lanes are dropped).
 */
export function phaseImageBytes(channels: i32, stride: i32, phaseRows: i32, phaseColumns: i32): usize {
  return (<usize>(channels * stride * stride * phaseRows * phaseColumns + TILE_COLUMNS)) << 2;
}

@inline
function phaseBase(channel: i32, a: i32, b: i32, stride: i32, phaseRows: i32, phaseColumns: i32): i32 {
  return ((channel * stride + a) * stride + b) * phaseRows * phaseColumns;
}

/** Byte offset, from a window's corner, of each filter tap k = (c·kh + p)·kw + q. */
export function writeTapOffsets(
  channels: i32,
  kernelH: i32,
  kernelW: i32,
  stride: i32,
  phaseRows: i32,
  phaseColumns: i32,
  kOffsets: usize,
): void {
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < kernelH; p++) {
      for (let q = 0; q < kernelW; q++) {
        const base = phaseBase(c, p % stride, q % stride, stride, phaseRows, phaseColumns);
        store<u32>(kOffsets, <u32>(base + (p / stride) * phaseColumns + q / stride) << 2);
        kOffsets += 4;
      }
    }
  }
}

/** Byte offset of phase row p/s, column 0 of channel c's phase (p % s, b). */
export function tapRowOffset(c: i32, p: i32, b: i32, stride: i32, phaseRows: i32, phaseColumns: i32): usize {
  return (<usize>(phaseBase(c, p % stride, b, stride, phaseRows, phaseColumns) + (p / stride) * phaseColumns)) << 2;
}

@inline
function copyFloats(from: usize, to: usize, count: i32): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) v128.store(to + ((<usize>k) << 2), v128.load(from + ((<usize>k) << 2)));
  for (; k < count; k++) store<f32>(to + ((<usize>k) << 2), load<f32>(from + ((<usize>k) << 2)));
}

/**
 * dest[c, top + i·step, left + j·step] = src[c, i, j] wherever that lies inside
 * the destRows × destColumns destination, which must already be zero elsewhere.
 * `top` and `left` may be negative. Step 1 is a padded copy; larger steps
 * spread dy out for the transpose of a strided convolution.
 */
export function placeImage(
  src: usize,
  channels: i32,
  rows: i32,
  columns: i32,
  step: i32,
  top: i32,
  left: i32,
  destRows: i32,
  destColumns: i32,
  dest: usize,
): void {
  for (let c = 0; c < channels; c++) {
    const plane = src + ((<usize>(c * rows * columns)) << 2);
    const destPlane = dest + ((<usize>(c * destRows * destColumns)) << 2);
    for (let i = 0; i < rows; i++) {
      const u = top + i * step;
      if (u < 0 || u >= destRows) continue;
      const srcRow = plane + ((<usize>(i * columns)) << 2);
      const destRow = destPlane + ((<usize>(u * destColumns)) << 2);
      if (step == 1) {
        const first = max(0, -left);
        const end = min(columns, destColumns - left);
        if (end > first) copyFloats(srcRow + ((<usize>first) << 2), destRow + ((<usize>(left + first)) << 2), end - first);
        continue;
      }
      for (let j = 0; j < columns; j++) {
        const v = left + j * step;
        if (v >= 0 && v < destColumns) store<f32>(destRow + ((<usize>v) << 2), load<f32>(srcRow + ((<usize>j) << 2)));
      }
    }
  }
}

/** Copies image x into a zeroed phase-split layout (see above), shifted by `padding`. */
export function splitPhases(
  x: usize,
  channels: i32,
  rows: i32,
  columns: i32,
  padding: i32,
  stride: i32,
  phaseRows: i32,
  phaseColumns: i32,
  dest: usize,
): void {
  if (stride == 1) {
    placeImage(x, channels, rows, columns, 1, padding, padding, phaseRows, phaseColumns, dest);
    return;
  }
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < rows; y++) {
      const u = y + padding;
      const phaseRow = u / stride;
      if (phaseRow >= phaseRows) continue;
      for (let xc = 0; xc < columns; xc++) {
        const v = xc + padding;
        const phaseColumn = v / stride;
        if (phaseColumn >= phaseColumns) continue;
        const at = phaseBase(c, u % stride, v % stride, stride, phaseRows, phaseColumns) + phaseRow * phaseColumns + phaseColumn;
        store<f32>(dest + ((<usize>at) << 2), load<f32>(x + ((<usize>((c * rows + y) * columns + xc)) << 2)));
      }
    }
  }
}
