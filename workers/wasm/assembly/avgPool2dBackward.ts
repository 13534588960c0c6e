// Spreads each output's gradient evenly over its window; overlapping windows add.

export function avgPool2dBackward(
  dy: usize, dx: usize,
  batch: i32, channels: i32, inHeight: i32, inWidth: i32, size: i32, stride: i32, outHeight: i32, outWidth: i32,
): void {
  const scale: f32 = 1 / <f32>(size * size);
  const planes = batch * channels;
  memory.fill(dx, 0, (<usize>(planes * inHeight * inWidth)) << 2);
  for (let plane = 0; plane < planes; plane++) {
    const inputGrad = dx + ((<usize>(plane * inHeight * inWidth)) << 2);
    const outputGrad = dy + ((<usize>(plane * outHeight * outWidth)) << 2);
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        const share = load<f32>(outputGrad + ((<usize>(i * outWidth + j)) << 2)) * scale;
        for (let p = 0; p < size; p++) {
          const row = inputGrad + ((<usize>((i * stride + p) * inWidth + j * stride)) << 2);
          for (let q = 0; q < size; q++) {
            const at = row + ((<usize>q) << 2);
            store<f32>(at, load<f32>(at) + share);
          }
        }
      }
    }
  }
}
