// The augmentation spelled out pixel by pixel: crop (shift) with black or
// reflected padding, then the mirror, then the cutout square. augmentImage.ts computes
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
  const { shiftY, shiftX, flip, reflect, cutout } = augmentation;
  const mirrorAtBorder = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * n - 2 - i : i);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sourceY = y + shiftY;
        let sourceX = (flip ? width - 1 - x : x) + shiftX;
        if (reflect) {
          sourceY = mirrorAtBorder(sourceY, height);
          sourceX = mirrorAtBorder(sourceX, width);
        }
        const inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
        const byte = inside ? images[src + (c * height + sourceY) * width + sourceX] : 0;
        const cut = cutout !== null && y >= cutout.top && y < cutout.top + cutout.size && x >= cutout.left && x < cutout.left + cutout.size;
        out[dst + (c * height + y) * width + x] = cut ? cutoutFill[c] : table[(c << 8) + byte];
      }
    }
  }
}
