// The augmentation spelled out pixel by pixel: crop (shift) with black
// padding, then the mirror, then the cutout square. augmentImage.ts computes
// the same with row copies and is tested against this.

import type { ImageAugmentation, ImageShape } from './draw.js';

export function referenceAugmentImage(
  images: Uint8Array,
  src: number,
  shape: ImageShape,
  table: Float32Array,
  augmentation: ImageAugmentation,
  cutoutFill: ArrayLike<number>,
  out: Float32Array,
  dst: number,
): void {
  const { channels, height, width } = shape;
  const { shiftY, shiftX, flip, cutout } = augmentation;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const sourceY = y + shiftY;
        const sourceX = (flip ? width - 1 - x : x) + shiftX;
        const inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
        const byte = inside ? images[src + (c * height + sourceY) * width + sourceX] : 0;
        const cut = cutout !== null && y >= cutout.top && y < cutout.top + cutout.size && x >= cutout.left && x < cutout.left + cutout.size;
        out[dst + (c * height + y) * width + x] = cut ? cutoutFill[c] : table[(c << 8) + byte];
      }
    }
  }
}
