// dw[o,i] = Σ_n dy[n,o] · x[n,i] and db[o] = Σ_n dy[n,o]: for each run of 16
// inputs, dy[n,o] is broadcast against row n of x, accumulating in registers.

import { multiplyAdd } from './multiplyAdd';

export function denseBackwardWeights(x: usize, dy: usize, dw: usize, db: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  const dyRowBytes = (<usize>outUnits) << 2;
  for (let o = 0; o < outUnits; o++) {
    const dyColumn = dy + ((<usize>o) << 2);
    const dwRow = dw + <usize>o * rowBytes;
    let i = 0;
    for (; i + 16 <= inUnits; i += 16) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let xAt = x + ((<usize>i) << 2);
      let g = dyColumn;
      for (let n = 0; n < batch; n++) {
        const s = v128.load32_splat(g);
        a0 = multiplyAdd(s, v128.load(xAt), a0);
        a1 = multiplyAdd(s, v128.load(xAt, 16), a1);
        a2 = multiplyAdd(s, v128.load(xAt, 32), a2);
        a3 = multiplyAdd(s, v128.load(xAt, 48), a3);
        xAt += rowBytes;
        g += dyRowBytes;
      }
      const out = dwRow + ((<usize>i) << 2);
      v128.store(out, a0);
      v128.store(out, a1, 16);
      v128.store(out, a2, 32);
      v128.store(out, a3, 48);
    }
    for (; i < inUnits; i++) {
      let s: f32 = 0;
      for (let n = 0; n < batch; n++) s += load<f32>(dyColumn + <usize>n * dyRowBytes) * load<f32>(x + <usize>n * rowBytes + ((<usize>i) << 2));
      store<f32>(dwRow + ((<usize>i) << 2), s);
    }
    let bias: f32 = 0;
    for (let n = 0; n < batch; n++) bias += load<f32>(dyColumn + <usize>n * dyRowBytes);
    store<f32>(db + ((<usize>o) << 2), bias);
  }
}
