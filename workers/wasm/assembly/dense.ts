// y[n,o] = b[o] + Σ_i w[o,i] · x[n,i]: dot products along contiguous rows of x
// and w, in tiles of 2 images × 4 output units so that each x vector is loaded
// once per 4 units and each w vector once per 2 images. The 8 accumulators are
// 8 independent multiply-add chains: with one image's 4 the chains' latency,
// not the arithmetic, set the pace (the fused build ran slower than the plain one).

import { multiplyAdd, sumLanes } from './multiplyAdd';

@inline
function tile(images: i32, units: i32, x: usize, w: usize, b: usize, y: usize, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const yRowBytes = (<usize>outUnits) << 2;
  const vectorEnd = inUnits & ~3;
  const x1 = x + rowBytes;
  const w1 = w + rowBytes;
  const w2 = w1 + rowBytes;
  const w3 = w2 + rowBytes;
  const zero = f32x4.splat(0);
  // aNU: image N, unit U.
  let a00 = zero, a01 = zero, a02 = zero, a03 = zero;
  let a10 = zero, a11 = zero, a12 = zero, a13 = zero;
  for (let i = 0; i < vectorEnd; i += 4) {
    const at = (<usize>i) << 2;
    const v0 = v128.load(x + at);
    const v1 = images > 1 ? v128.load(x1 + at) : zero;
    let u = v128.load(w + at);
    a00 = multiplyAdd(v0, u, a00);
    if (images > 1) a10 = multiplyAdd(v1, u, a10);
    if (units > 1) {
      u = v128.load(w1 + at);
      a01 = multiplyAdd(v0, u, a01);
      if (images > 1) a11 = multiplyAdd(v1, u, a11);
      u = v128.load(w2 + at);
      a02 = multiplyAdd(v0, u, a02);
      if (images > 1) a12 = multiplyAdd(v1, u, a12);
      u = v128.load(w3 + at);
      a03 = multiplyAdd(v0, u, a03);
      if (images > 1) a13 = multiplyAdd(v1, u, a13);
    }
  }
  finish(units, a00, a01, a02, a03, x, w, b, y, vectorEnd, inUnits);
  if (images > 1) finish(units, a10, a11, a12, a13, x1, w, b, y + yRowBytes, vectorEnd, inUnits);
}

// Sums the lanes, adds the inputs past the last whole vector and the bias, and
// stores 1 or 4 outputs of one image, in the same order for every tile shape.
@inline
function finish(units: i32, a0: v128, a1: v128, a2: v128, a3: v128, x: usize, w: usize, b: usize, y: usize, vectorEnd: i32, inUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  let s0 = sumLanes(a0);
  let s1 = sumLanes(a1);
  let s2 = sumLanes(a2);
  let s3 = sumLanes(a3);
  for (let i = vectorEnd; i < inUnits; i++) {
    const at = (<usize>i) << 2;
    const v = load<f32>(x + at);
    s0 += v * load<f32>(w + at);
    if (units > 1) {
      s1 += v * load<f32>(w + rowBytes + at);
      s2 += v * load<f32>(w + 2 * rowBytes + at);
      s3 += v * load<f32>(w + 3 * rowBytes + at);
    }
  }
  store<f32>(y, load<f32>(b) + s0);
  if (units > 1) {
    store<f32>(y, load<f32>(b, 4) + s1, 4);
    store<f32>(y, load<f32>(b, 8) + s2, 8);
    store<f32>(y, load<f32>(b, 12) + s3, 12);
  }
}

function tile2x4(x: usize, w: usize, b: usize, y: usize, inUnits: i32, outUnits: i32): void {
  tile(2, 4, x, w, b, y, inUnits, outUnits);
}
function tile1x4(x: usize, w: usize, b: usize, y: usize, inUnits: i32, outUnits: i32): void {
  tile(1, 4, x, w, b, y, inUnits, outUnits);
}
function tile2x1(x: usize, w: usize, b: usize, y: usize, inUnits: i32, outUnits: i32): void {
  tile(2, 1, x, w, b, y, inUnits, outUnits);
}
function tile1x1(x: usize, w: usize, b: usize, y: usize, inUnits: i32, outUnits: i32): void {
  tile(1, 1, x, w, b, y, inUnits, outUnits);
}

export function dense(x: usize, w: usize, b: usize, y: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const yRowBytes = (<usize>outUnits) << 2;
  for (let n = 0; n < batch; n += 2) {
    const pair = n + 1 < batch;
    const xRows = x + <usize>n * rowBytes;
    const yRows = y + <usize>n * yRowBytes;
    let o = 0;
    for (; o + 4 <= outUnits; o += 4) {
      const wRows = w + <usize>o * rowBytes;
      const bias = b + ((<usize>o) << 2);
      const out = yRows + ((<usize>o) << 2);
      if (pair) tile2x4(xRows, wRows, bias, out, inUnits, outUnits);
      else tile1x4(xRows, wRows, bias, out, inUnits, outUnits);
    }
    for (; o < outUnits; o++) {
      const wRow = w + <usize>o * rowBytes;
      const bias = b + ((<usize>o) << 2);
      const out = yRows + ((<usize>o) << 2);
      if (pair) tile2x1(xRows, wRow, bias, out, inUnits, outUnits);
      else tile1x1(xRows, wRow, bias, out, inUnits, outUnits);
    }
  }
}
