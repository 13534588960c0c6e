// dx[n,i] = Σ_o w[o,i] · dy[n,o]: for each run of 16 inputs, dy[n,o] is
// broadcast against row o of w; four independent accumulators hide the
// multiply-add latency.

import { multiplyAdd } from './multiplyAdd';

export function denseBackwardInput(dy: usize, w: usize, dx: usize, batch: i32, inUnits: i32, outUnits: i32): void {
  const rowBytes = (<usize>inUnits) << 2;
  for (let n = 0; n < batch; n++) {
    const dyRow = dy + ((<usize>(n * outUnits)) << 2);
    const dxRow = dx + <usize>n * rowBytes;
    let i = 0;
    for (; i + 16 <= inUnits; i += 16) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let wAt = w + ((<usize>i) << 2);
      for (let o = 0; o < outUnits; o++) {
        const g = v128.load32_splat(dyRow + ((<usize>o) << 2));
        a0 = multiplyAdd(g, v128.load(wAt), a0);
        a1 = multiplyAdd(g, v128.load(wAt, 16), a1);
        a2 = multiplyAdd(g, v128.load(wAt, 32), a2);
        a3 = multiplyAdd(g, v128.load(wAt, 48), a3);
        wAt += rowBytes;
      }
      const out = dxRow + ((<usize>i) << 2);
      v128.store(out, a0);
      v128.store(out, a1, 16);
      v128.store(out, a2, 32);
      v128.store(out, a3, 48);
    }
    for (; i < inUnits; i++) {
      let s: f32 = 0;
      for (let o = 0; o < outUnits; o++) s += load<f32>(w + <usize>o * rowBytes + ((<usize>i) << 2)) * load<f32>(dyRow + ((<usize>o) << 2));
      store<f32>(dxRow + ((<usize>i) << 2), s);
    }
  }
}
