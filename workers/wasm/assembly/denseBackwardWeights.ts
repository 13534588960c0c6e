// dw[o,i] = Σ_n dy[n,o] · x[n,i] and db[o] = Σ_n dy[n,o]: a tile of 4 output
// units × 8 inputs accumulates in registers while n runs, each dy[n,o] a
// broadcast against two vectors of row n of x. Four units per pass read x
// (the whole batch's activations, beyond L1) a quarter as often as one did,
// and give 8 independent accumulators where one unit × 16 inputs gave 4.

import { multiplyAdd } from './multiplyAdd';

/** Output units per tile. */
const TILE_UNITS: i32 = 4;

@inline
function tile(units: i32, x: usize, dy: usize, dw: usize, batch: i32, rowBytes: usize, dyRowBytes: usize): void {
  const zero = f32x4.splat(0);
  let a00 = zero, a01 = zero, a10 = zero, a11 = zero;
  let a20 = zero, a21 = zero, a30 = zero, a31 = zero;
  let xAt = x;
  let g = dy;
  for (let n = 0; n < batch; n++) {
    const x0 = v128.load(xAt);
    const x1 = v128.load(xAt, 16);
    let s = v128.load32_splat(g);
    a00 = multiplyAdd(s, x0, a00);
    a01 = multiplyAdd(s, x1, a01);
    if (units > 1) {
      s = v128.load32_splat(g, 4);
      a10 = multiplyAdd(s, x0, a10);
      a11 = multiplyAdd(s, x1, a11);
    }
    if (units > 2) {
      s = v128.load32_splat(g, 8);
      a20 = multiplyAdd(s, x0, a20);
      a21 = multiplyAdd(s, x1, a21);
    }
    if (units > 3) {
      s = v128.load32_splat(g, 12);
      a30 = multiplyAdd(s, x0, a30);
      a31 = multiplyAdd(s, x1, a31);
    }
    xAt += rowBytes;
    g += dyRowBytes;
  }
  v128.store(dw, a00);
  v128.store(dw, a01, 16);
  if (units > 1) {
    v128.store(dw + rowBytes, a10);
    v128.store(dw + rowBytes, a11, 16);
  }
  if (units > 2) {
    v128.store(dw + 2 * rowBytes, a20);
    v128.store(dw + 2 * rowBytes, a21, 16);
  }
  if (units > 3) {
    v128.store(dw + 3 * rowBytes, a30);
    v128.store(dw + 3 * rowBytes, a31, 16);
  }
}

function tile1(x: usize, dy: usize, dw: usize, batch: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(1, x, dy, dw, batch, rowBytes, dyRowBytes);
}
function tile2(x: usize, dy: usize, dw: usize, batch: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(2, x, dy, dw, batch, rowBytes, dyRowBytes);
}
function tile3(x: usize, dy: usize, dw: usize, batch: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(3, x, dy, dw, batch, rowBytes, dyRowBytes);
}
function tile4(x: usize, dy: usize, dw: usize, batch: i32, rowBytes: usize, dyRowBytes: usize): void {
  tile(4, x, dy, dw, batch, rowBytes, dyRowBytes);
}

export function denseBackwardWeights(x: usize, dy: usize, dw: usize, db: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const dyRowBytes = (<usize>outUnits) << 2;
  const vectorEnd = inUnits & ~7;
  for (let o = 0; o < outUnits; o += TILE_UNITS) {
    const units = min(TILE_UNITS, outUnits - o);
    const dyColumns = dy + ((<usize>o) << 2);
    const dwRows = dw + <usize>o * rowBytes;
    for (let i = 0; i < vectorEnd; i += 8) {
      const at = (<usize>i) << 2;
      switch (units) {
        case 1: tile1(x + at, dyColumns, dwRows + at, batch, rowBytes, dyRowBytes); break;
        case 2: tile2(x + at, dyColumns, dwRows + at, batch, rowBytes, dyRowBytes); break;
        case 3: tile3(x + at, dyColumns, dwRows + at, batch, rowBytes, dyRowBytes); break;
        default: tile4(x + at, dyColumns, dwRows + at, batch, rowBytes, dyRowBytes);
      }
    }
  }
  for (let o = 0; o < outUnits; o++) {
    const dyColumn = dy + ((<usize>o) << 2);
    const dwRow = dw + <usize>o * rowBytes;
    for (let i = vectorEnd; i < inUnits; i++) {
      let s: f32 = 0;
      for (let n = 0; n < batch; n++) s += load<f32>(dyColumn + <usize>n * dyRowBytes) * load<f32>(x + <usize>n * rowBytes + ((<usize>i) << 2));
      store<f32>(dwRow + ((<usize>i) << 2), s);
    }
    let bias: f32 = 0;
    for (let n = 0; n < batch; n++) bias += load<f32>(dyColumn + <usize>n * dyRowBytes);
    store<f32>(db + ((<usize>o) << 2), bias);
  }
}
