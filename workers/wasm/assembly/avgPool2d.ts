// Mean of each size×size window. Pooling is a small share of a step next to
// the convolutions, so this stays scalar and plain.

export function avgPool2d(
  x: usize, y: usize,
  batch: i32, channels: i32, inHeight: i32, inWidth: i32, size: i32, stride: i32, outHeight: i32, outWidth: i32,
): void {
  const scale: f32 = 1 / <f32>(size * size);
  const planes = batch * channels;
  for (let plane = 0; plane < planes; plane++) {
    const input = x + ((<usize>(plane * inHeight * inWidth)) << 2);
    const output = y + ((<usize>(plane * outHeight * outWidth)) << 2);
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        let sum: f32 = 0;
        for (let p = 0; p < size; p++) {
          const row = input + ((<usize>((i * stride + p) * inWidth + j * stride)) << 2);
          for (let q = 0; q < size; q++) sum += load<f32>(row + ((<usize>q) << 2));
        }
        store<f32>(output + ((<usize>(i * outWidth + j)) << 2), sum * scale);
      }
    }
  }
}
