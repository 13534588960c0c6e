// Canvas pixels for looking inside a network: one feature map in grey (its
// bytes are already scaled to the map's own range), a vector layer as a strip,
// and saliency or occlusion maps laid over the image in colour. DOM-free, so
// tested under Node.

import type { FeatureMapLayer, PixelMap } from '../insight.js';
import type { ImagePixels } from '../runs.js';
import { divergingColor, type Rgb } from './colors.js';
import { decodeBase64, imagePixelsToRgba } from './pixels.js';

/** Layers of 1×1 maps (dense outputs, global pooling) are drawn as one strip of all their units. */
export function isStrip(layer: FeatureMapLayer): boolean {
  return layer.height === 1 && layer.width === 1;
}

/** Strips wrap at this many units per row, so a long vector stays a visible block. */
export const STRIP_COLUMNS = 64;

export interface MapImage {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/**
 * Map `index` of a layer as a grey image; a strip layer has one image, its
 * units row by row (the unused end of the last row transparent).
 */
export function featureMapImage(layer: FeatureMapLayer, bytes: Uint8Array, index: number): MapImage {
  const strip = isStrip(layer);
  if (!Number.isInteger(index) || index < 0 || index >= (strip ? 1 : layer.shown)) throw new RangeError(`map ${index} is outside the ${layer.shown} drawn maps of ${layer.name}`);
  const length = strip ? bytes.length : layer.height * layer.width;
  const width = strip ? Math.min(length, STRIP_COLUMNS) : layer.width;
  const height = strip ? Math.ceil(length / width) : layer.height;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < length; k++) {
    const value = bytes[index * length + k];
    rgba.set([value, value, value, 255], k * 4);
  }
  return { rgba, width, height };
}

/** The layer's bytes, decoded once per layer. */
export function featureMapBytes(layer: FeatureMapLayer): Uint8Array {
  return decodeBase64(layer.base64);
}

/** Largest |value| of a map (1 when all are 0, so scaling never divides by 0). */
export function largestMagnitude(values: readonly number[]): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max > 0 ? max : 1;
}

/**
 * The 99th percentile of |value|: gradients have a few extreme pixels, and
 * scaling by the very largest would leave the rest of the map invisible.
 */
export function robustMagnitude(values: readonly number[]): number {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  const high = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0;
  return high > 0 ? high : largestMagnitude(values);
}

/**
 * The image in grey with the map over it: the colour's opacity grows with
 * |value| relative to the 99th percentile, so where the map is 0 the image shows
 * through. Signed maps use red for negative and blue for positive; magnitude
 * maps use the positive end only.
 */
export function overlayRgba(image: ImagePixels, map: PixelMap, signed: boolean): Uint8ClampedArray<ArrayBuffer> {
  if (map.height !== image.height || map.width !== image.width) {
    throw new RangeError(`a ${map.height}×${map.width} map cannot lie over a ${image.height}×${image.width} image`);
  }
  const base = imagePixelsToRgba(image);
  const scale = robustMagnitude(map.values);
  const out = new Uint8ClampedArray(base.length);
  for (let p = 0; p < map.values.length; p++) {
    const t = map.values[p] / scale;
    const strength = Math.min(1, Math.abs(t));
    const color: Rgb = divergingColor(signed ? t : Math.abs(t));
    const grey = (base[p * 4] + base[p * 4 + 1] + base[p * 4 + 2]) / 3;
    // A darkened image keeps the colour readable; alpha 0.15..0.85 by strength.
    const alpha = 0.15 + 0.7 * strength;
    for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round(grey * 0.6 * (1 - alpha) + color[c] * alpha);
    out[p * 4 + 3] = 255;
  }
  return out;
}
