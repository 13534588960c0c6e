// dx[n,c,·] = dy[n,c]/area.

export function globalAvgPoolBackward(dy: usize, dx: usize, planes: i32, area: i32): void {
  const scale: f32 = 1 / <f32>area;
  for (let plane = 0; plane < planes; plane++) {
    const share = load<f32>(dy + ((<usize>plane) << 2)) * scale;
    const shares = f32x4.splat(share);
    const row = dx + ((<usize>(plane * area)) << 2);
    let k = 0;
    for (; k + 4 <= area; k += 4) v128.store(row + ((<usize>k) << 2), shares);
    for (; k < area; k++) store<f32>(row + ((<usize>k) << 2), share);
  }
}
