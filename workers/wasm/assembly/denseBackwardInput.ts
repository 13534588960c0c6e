// dx[n,i] = Σ_o w[o,i] · dy[n,o]: a tile of 4 images × 8 inputs accumulates
// in registers while o runs, each dy[n,o] a broadcast against two vectors of
// row o of w. Four images per pass read w (beyond L1 for a wide layer) a
// quarter as often as one did, with 8 independent accumulators.

import { multiplyAdd } from './multiplyAdd';

/** Images per tile. */
const TILE_IMAGES: i32 = 4;

@inline
function tile(images: i32, w: usize, dy: usize, dx: usize, outUnits: i32, rowBytes: usize, dyRowBytes: usize): void {
  const zero = f32x4.splat(0);
  let a00 = zero, a01 = zero, a10 = zero, a11 = zero;
  let a20 = zero, a21 = zero, a30 = zero, a31 = zero;
  let wAt = w;
  let g = dy;
  for (let o = 0; o < outUnits; o++) {
    const w0 = v128.load(wAt);
    const w1 = v128.load(wAt, 16);
    let s = v128.load32_splat(g);
    a00 = multiplyAdd(s, w0, a00);
    a01 = multiplyAdd(s, w1, a01);
    if (images > 1) {
      s = v128.load32_splat(g + dyRowBytes);
      a10 = multiplyAdd(s, w0, a10);
      a11 = multiplyAdd(s, w1, a11);
    }
    if (images > 2) {
      s = v128.load32_splat(g + 2 * dyRowBytes);
      a20 = multiplyAdd(s, w0, a20);
      a21 = multiplyAdd(s, w1, a21);
    }
    if (images > 3) {
      s = v128.load32_splat(g + 3 * dyRowBytes);
      a30 = multiplyAdd(s, w0, a30);
      a31 = multiplyAdd(s, w1, a31);
    }
    wAt += rowBytes;
    g += 4;
  }
  v128.store(dx, a00);
  v128.store(dx, a01, 16);
  if (images > 1) {
    v128.store(dx + rowBytes, a10);
    v128.store(dx + rowBytes, a11, 16);
  }
  if (images > 2) {
    v128.store(dx + 2 * rowBytes, a20);
    v128.store(dx + 2 * rowBytes, a21, 16);
  }
  if (images > 3) {
    v128.store(dx + 3 * rowBytes, a30);
    v128.store(dx + 3 * rowBytes, a31, 16);
  }
}

function tile1(w: usize, dy: usize, dx: usize, outUnits: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(1, w, dy, dx, outUnits, rowBytes, dyRowBytes);
}
function tile2(w: usize, dy: usize, dx: usize, outUnits: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(2, w, dy, dx, outUnits, rowBytes, dyRowBytes);
}
function tile3(w: usize, dy: usize, dx: usize, outUnits: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(3, w, dy, dx, outUnits, rowBytes, dyRowBytes);
}
function tile4(w: usize, dy: usize, dx: usize, outUnits: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(4, w, dy, dx, outUnits, rowBytes, dyRowBytes);
}

export function denseBackwardInput(dy: usize, w: usize, dx: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const dyRowBytes = (<usize>outUnits) << 2;
  const vectorEnd = inUnits & ~7;
  for (let n = 0; n < batch; n += TILE_IMAGES) {
    const images = min(TILE_IMAGES, batch - n);
    const dyRows = dy + <usize>n * dyRowBytes;
    const dxRows = dx + <usize>n * rowBytes;
    for (let i = 0; i < vectorEnd; i += 8) {
      const at = (<usize>i) << 2;
      switch (images) {
        case 1: tile1(w + at, dyRows, dxRows + at, outUnits, rowBytes, dyRowBytes); break;
        case 2: tile2(w + at, dyRows, dxRows + at, outUnits, rowBytes, dyRowBytes); break;
        case 3: tile3(w + at, dyRows, dxRows + at, outUnits, rowBytes, dyRowBytes); break;
        default: tile4(w + at, dyRows, dxRows + at, outUnits, rowBytes, dyRowBytes);
      }
    }
  }
  for (let n = 0; n < batch; n++) {
    const dyRow = dy + <usize>n * dyRowBytes;
    const dxRow = dx + <usize>n * rowBytes;
    for (let i = vectorEnd; i < inUnits; i++) {
      let s: f32 = 0;
      for (let o = 0; o < outUnits; o++) s += load<f32>(w + <usize>o * rowBytes + ((<usize>i) << 2)) * load<f32>(dyRow + ((<usize>o) << 2));
      store<f32>(dxRow + ((<usize>i) << 2), s);
    }
  }
}
