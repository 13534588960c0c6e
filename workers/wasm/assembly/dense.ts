// y[n,o] = b[o] + Σ_i w[o,i] · x[n,i]: dot products along contiguous rows of x
// and w, four output units at a time so that each x vector is loaded once.

import { multiplyAdd, sumLanes } from './multiplyAdd';

export function dense(x: usize, w: usize, b: usize, y: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const vectorEnd = inUnits & ~3;
  for (let n = 0; n < batch; n++) {
    const xRow = x + <usize>n * rowBytes;
    const yRow = y + <usize>n * ((<usize>outUnits) << 2);
    let o = 0;
    for (; o + 4 <= outUnits; o += 4) {
      const w0 = w + <usize>o * rowBytes;
      const w1 = w0 + rowBytes;
      const w2 = w1 + rowBytes;
      const w3 = w2 + rowBytes;
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      for (let i = 0; i < vectorEnd; i += 4) {
        const at = (<usize>i) << 2;
        const v = v128.load(xRow + at);
        a0 = multiplyAdd(v, v128.load(w0 + at), a0);
        a1 = multiplyAdd(v, v128.load(w1 + at), a1);
        a2 = multiplyAdd(v, v128.load(w2 + at), a2);
        a3 = multiplyAdd(v, v128.load(w3 + at), a3);
      }
      let s0 = sumLanes(a0);
      let s1 = sumLanes(a1);
      let s2 = sumLanes(a2);
      let s3 = sumLanes(a3);
      for (let i = vectorEnd; i < inUnits; i++) {
        const at = (<usize>i) << 2;
        const v = load<f32>(xRow + at);
        s0 += v * load<f32>(w0 + at);
        s1 += v * load<f32>(w1 + at);
        s2 += v * load<f32>(w2 + at);
        s3 += v * load<f32>(w3 + at);
      }
      const out = yRow + ((<usize>o) << 2);
      const bias = b + ((<usize>o) << 2);
      store<f32>(out, load<f32>(bias) + s0);
      store<f32>(out, load<f32>(bias, 4) + s1, 4);
      store<f32>(out, load<f32>(bias, 8) + s2, 8);
      store<f32>(out, load<f32>(bias, 12) + s3, 12);
    }
    for (; o < outUnits; o++) {
      const wRow = w + <usize>o * rowBytes;
      let a = f32x4.splat(0);
      for (let i = 0; i < vectorEnd; i += 4) {
        const at = (<usize>i) << 2;
        a = multiplyAdd(v128.load(xRow + at), v128.load(wRow + at), a);
      }
      let s = sumLanes(a);
      for (let i = vectorEnd; i < inUnits; i++) s += load<f32>(xRow + ((<usize>i) << 2)) * load<f32>(wRow + ((<usize>i) << 2));
      store<f32>(yRow + ((<usize>o) << 2), load<f32>(b + ((<usize>o) << 2)) + s);
    }
  }
}
