// Turning stored pixels into canvas pixels. Samples arrive as uint8 CHW planes
// (base64 over the carriers) and filters as float CHW weights; a canvas wants
// interleaved RGBA bytes. Kept free of the DOM so it is testable under Node.

import type { FilterBank, ImagePixels } from '../runs.js';

/** `atob` exists in browsers and in Node ≥ 16, so this runs on both sides. */
export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Only greyscale and RGB make sense as images; other channel counts are shown as their mean. */
function writeRgba(
  target: Uint8ClampedArray,
  channels: number,
  planeSize: number,
  valueAt: (channel: number, pixel: number) => number,
): void {
  for (let pixel = 0; pixel < planeSize; pixel++) {
    const out = pixel * 4;
    if (channels === 3) {
      target[out] = valueAt(0, pixel);
      target[out + 1] = valueAt(1, pixel);
      target[out + 2] = valueAt(2, pixel);
    } else {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += valueAt(c, pixel);
      const grey = sum / channels;
      target[out] = grey;
      target[out + 1] = grey;
      target[out + 2] = grey;
    }
    target[out + 3] = 255;
  }
}

/** Interleaved RGBA for an ImageData, from uint8 CHW planes. */
export function chwToRgba(bytes: Uint8Array, channels: number, height: number, width: number): Uint8ClampedArray<ArrayBuffer> {
  const planeSize = height * width;
  if (channels < 1 || bytes.length !== channels * planeSize) {
    throw new RangeError(`expected ${channels}×${height}×${width} = ${channels * planeSize} bytes, got ${bytes.length}`);
  }
  const rgba = new Uint8ClampedArray(planeSize * 4);
  writeRgba(rgba, channels, planeSize, (channel, pixel) => bytes[channel * planeSize + pixel]);
  return rgba;
}

export function imagePixelsToRgba(pixels: ImagePixels): Uint8ClampedArray<ArrayBuffer> {
  return chwToRgba(decodeBase64(pixels.base64), pixels.channels, pixels.height, pixels.width);
}

/**
 * One filter as RGBA, stretched to its own min/max: filters differ in scale
 * by orders of magnitude, so a shared scale would leave most of them flat grey.
 * A constant filter is drawn mid-grey.
 */
export function filterToRgba(bank: FilterBank, filterIndex: number): Uint8ClampedArray<ArrayBuffer> {
  if (!Number.isInteger(filterIndex) || filterIndex < 0 || filterIndex >= bank.count) {
    throw new RangeError(`filter ${filterIndex} is outside 0..${bank.count - 1}`);
  }
  const planeSize = bank.height * bank.width;
  const size = bank.channels * planeSize;
  const start = filterIndex * size;
  let min = Infinity;
  let max = -Infinity;
  for (let i = start; i < start + size; i++) {
    min = Math.min(min, bank.values[i]);
    max = Math.max(max, bank.values[i]);
  }
  const range = max - min;
  const toByte = (value: number) => (range > 0 ? ((value - min) / range) * 255 : 128);
  const rgba = new Uint8ClampedArray(planeSize * 4);
  writeRgba(rgba, bank.channels, planeSize, (channel, pixel) => toByte(bank.values[start + channel * planeSize + pixel]));
  return rgba;
}

/** The largest whole-number zoom that fits `available` pixels (at least 1), so every source pixel becomes an equal square. */
export function integerZoom(imageSize: number, available: number): number {
  return Math.max(1, Math.floor(available / imageSize));
}
