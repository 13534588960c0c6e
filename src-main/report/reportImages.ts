// Pictures for the report as PNG data URIs: test images, and filter banks as
// one grid image each (every filter stretched to its own range, as the app
// draws them).

import type { FilterBank, ImagePixels } from '../../common/runs.js';
import { filterToRgba, imagePixelsToRgba, integerZoom } from '../../common/viz/pixels.js';
import { pngDataUri } from './png.js';

/** A test image about `side` pixels wide. */
export function imageDataUri(pixels: ImagePixels, side = 84): string {
  return pngDataUri(imagePixelsToRgba(pixels), pixels.width, pixels.height, integerZoom(Math.max(pixels.width, pixels.height), side));
}

/** All filters side by side in rows of `perRow`, a one-pixel white gap between them. */
export function filterGridDataUri(bank: FilterBank, zoom = 6, perRow = 16): string {
  const columns = Math.min(perRow, bank.count);
  const rows = Math.ceil(bank.count / columns);
  const [cellW, cellH] = [bank.width + 1, bank.height + 1];
  const width = columns * cellW - 1;
  const height = rows * cellH - 1;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let f = 0; f < bank.count; f++) {
    const filter = filterToRgba(bank, f);
    const [left, top] = [(f % columns) * cellW, Math.floor(f / columns) * cellH];
    for (let y = 0; y < bank.height; y++) {
      rgba.set(filter.subarray(y * bank.width * 4, (y + 1) * bank.width * 4), ((top + y) * width + left) * 4);
    }
  }
  return pngDataUri(rgba, width, height, zoom);
}
