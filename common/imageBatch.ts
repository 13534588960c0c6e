// From uint8 dataset bytes to float32 network input, one batch at a time.
// Datasets stay as bytes in shared memory (4× smaller than float32); each
// batch is normalised per channel on the fly by whoever assembles it (the
// coordinating loop or a worker), so this file is pure and allocation-free on
// the hot path.

import type { ImageSet } from './datasets.js';

/** Per-channel mean and standard deviation, in pixel units scaled to [0, 1] (byte / 255). */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

/**
 * Mean and (population) standard deviation per channel over the images at
 * `indices` (all images when omitted): the training split's statistics, so
 * validation and test data never leak into the normalisation. A byte
 * histogram per channel keeps the pass to one increment per pixel and the
 * variance exact. A constant channel gets std 1 so normalising never divides by 0.
 */
export function computeChannelStats(
  set: ImageSet,
  channels: number,
  indices?: ArrayLike<number>,
): ChannelStats {
  const imageBytes = set.count === 0 ? 0 : set.images.length / set.count;
  const planeSize = imageBytes / channels;
  const histogram = new Float64Array(channels * 256);
  const imageCount = indices ? indices.length : set.count;
  for (let n = 0; n < imageCount; n++) {
    let src = (indices ? indices[n] : n) * imageBytes;
    for (let c = 0; c < channels; c++) {
      const base = c << 8;
      const end = src + planeSize;
      while (src < end) histogram[base + set.images[src++]]++;
    }
  }
  const pixels = imageCount * planeSize;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let v = 0; v < 256; v++) sum += v * histogram[(c << 8) + v];
    const channelMean = pixels > 0 ? sum / pixels : 0;
    let squares = 0;
    for (let v = 0; v < 256; v++) squares += (v - channelMean) ** 2 * histogram[(c << 8) + v];
    const channelStd = pixels > 0 ? Math.sqrt(squares / pixels) : 0;
    mean.push(channelMean / 255);
    std.push(channelStd > 0 ? channelStd / 255 : 1);
  }
  return { mean, std };
}

/**
 * The normalised float for every byte value of every channel (channels × 256):
 * `table[c·256 + v] = (v/255 − mean[c]) / std[c]`. Built once per run, it turns
 * normalisation into one lookup per pixel.
 */
export function normalizationTable(stats: ChannelStats): Float32Array {
  const channels = stats.mean.length;
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    for (let v = 0; v < 256; v++) table[(c << 8) + v] = (v / 255 - stats.mean[c]) / stats.std[c];
  }
  return table;
}

/**
 * Writes images order[start .. start+count) as normalised float32 NCHW into
 * `out` (at least count × imageBytes long). `imageBytes` is channels×height×width.
 */
export function normalizeBatch(
  images: Uint8Array,
  imageBytes: number,
  order: ArrayLike<number>,
  start: number,
  count: number,
  table: Float32Array,
  out: Float32Array,
): void {
  const channels = table.length >> 8;
  const planeSize = imageBytes / channels;
  let dst = 0;
  for (let b = 0; b < count; b++) {
    let src = order[start + b] * imageBytes;
    for (let c = 0; c < channels; c++) {
      const base = c << 8;
      const end = src + planeSize;
      while (src < end) out[dst++] = table[base + images[src++]];
    }
  }
}

/** Copies the labels of images order[start .. start+count) into `out`. */
export function gatherLabels(
  labels: Uint8Array,
  order: ArrayLike<number>,
  start: number,
  count: number,
  out: Uint8Array | Int32Array,
): void {
  for (let b = 0; b < count; b++) out[b] = labels[order[start + b]];
}
