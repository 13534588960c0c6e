// One image's output gradient for conv2dBackwardFilter, transposed so that a
// pixel's channels are one row, dyT[t][o] = dy[o][t], with the bias gradient's
// sums taken on the way in four partial sums by pixel t mod 4 (as accurate as
// summing each channel's plane in vectors of 4): partials[t % 4][o] = Σ dy[o][t].
//
// The transpose works in 4×4 blocks (four vector loads, eight shuffles, four
// stores), a chunk of pixels at a time with every channel inside the chunk, so
// each dyT row is written whole while its cache lines are in L1. Going channel
// group by channel group over the whole image instead re-fetched every line
// once per group: a first layer's dyT (784 or 1024 rows of 16 channels) does
// not fit L1, and the transpose cost 10–15% of the kernel. With more channels
// the reads of dy decide instead (see chunkPixels). The transposed rows are
// channel vectors, so their sums need no horizontal adds.

/**
 * Pixels per chunk. 32 (rows of dyT of at most 8 KiB up to 64 channels) at
 * up to 16 channels; beyond, the whole image: a chunk reads a short run of
 * every channel's plane, and with 32–64 planes at once the hardware
 * prefetcher lost track of them (a 3→64-channel first layer spent 40% of its
 * time here; whole images: 1.6× faster kernel, 1.1–1.2× at 32 channels; at
 * 16 channels chunks stay 2–4% faster, measured).
 */
@inline
function chunkPixels(channels: i32, pixels: i32): i32 {
  return channels <= 16 ? 32 : pixels;
}

/** `partials` holds 4 × lanes floats. */
export function transposeOutputGradient(dy: usize, channels: i32, pixels: i32, lanes: i32, dyT: usize, partials: usize): void {
  const laneBytes = (<usize>lanes) << 2;
  const planeBytes = (<usize>pixels) << 2;
  const channelEnd = channels & ~3;
  const pixelEnd = pixels & ~3;
  memory.fill(partials, 0, 4 * laneBytes);
  const chunkStep = chunkPixels(channels, pixels);
  for (let chunk = 0; chunk < pixelEnd; chunk += chunkStep) {
    const chunkEnd = min(chunk + chunkStep, pixelEnd);
    for (let o = 0; o < channelEnd; o += 4) {
      const plane = dy + <usize>o * planeBytes;
      const sumAt = partials + ((<usize>o) << 2);
      let sum0 = v128.load(sumAt);
      let sum1 = v128.load(sumAt + laneBytes);
      let sum2 = v128.load(sumAt + 2 * laneBytes);
      let sum3 = v128.load(sumAt + 3 * laneBytes);
      for (let t = chunk; t < chunkEnd; t += 4) {
        const from = plane + ((<usize>t) << 2);
        const r0 = v128.load(from);
        const r1 = v128.load(from + planeBytes);
        const r2 = v128.load(from + 2 * planeBytes);
        const r3 = v128.load(from + 3 * planeBytes);
        const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
        const low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
        const high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        const t0 = v128.shuffle<f32>(low01, low23, 0, 1, 4, 5);
        const t1 = v128.shuffle<f32>(low01, low23, 2, 3, 6, 7);
        const t2 = v128.shuffle<f32>(high01, high23, 0, 1, 4, 5);
        const t3 = v128.shuffle<f32>(high01, high23, 2, 3, 6, 7);
        const to = dyT + <usize>t * laneBytes + ((<usize>o) << 2);
        v128.store(to, t0);
        v128.store(to + laneBytes, t1);
        v128.store(to + 2 * laneBytes, t2);
        v128.store(to + 3 * laneBytes, t3);
        sum0 = f32x4.add(sum0, t0);
        sum1 = f32x4.add(sum1, t1);
        sum2 = f32x4.add(sum2, t2);
        sum3 = f32x4.add(sum3, t3);
      }
      v128.store(sumAt, sum0);
      v128.store(sumAt + laneBytes, sum1);
      v128.store(sumAt + 2 * laneBytes, sum2);
      v128.store(sumAt + 3 * laneBytes, sum3);
    }
  }
  // The ragged edges, element by element: channels past the last whole group, pixels past the last whole block.
  for (let o = 0; o < channels; o++) {
    const firstPixel = o < channelEnd ? pixelEnd : 0;
    for (let t = firstPixel; t < pixels; t++) {
      const value = load<f32>(dy + <usize>o * planeBytes + ((<usize>t) << 2));
      store<f32>(dyT + <usize>t * laneBytes + ((<usize>o) << 2), value);
      const sumAt = partials + <usize>(t & 3) * laneBytes + ((<usize>o) << 2);
      store<f32>(sumAt, load<f32>(sumAt) + value);
    }
  }
}
