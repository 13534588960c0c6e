// BMP, which sharp's prebuilt libvips does not read. Only the uncompressed
// forms (1, 4, 8-bit palettes; 24 and 32-bit pixels) that cameras, Paint and
// old datasets write: a plain copy loop, no compression to decode. RLE and
// embedded-JPEG/PNG variants are refused with their name.

export interface RawRgbImage {
  width: number;
  height: number;
  /** 3 bytes per pixel, row-major, top row first. */
  data: Uint8Array;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'embedded JPEG', 5: 'embedded PNG' };

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export function decodeBmp(bytes: Uint8Array, maxPixels: number): RawRgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54 || !isBmp(bytes)) throw new Error('truncated BMP header');
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) throw new Error(`BMP with a ${headerSize}-byte OS/2 header is not supported`);
  const width = view.getInt32(18, true);
  const signedHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(signedHeight);
  if (width <= 0 || height === 0) throw new Error(`BMP of ${width}×${signedHeight} pixels`);
  if (width * height > maxPixels) throw new Error(`Input image exceeds pixel limit (${width}×${height} BMP)`);
  if (compression !== BI_RGB && !(compression === BI_BITFIELDS && bitsPerPixel === 32)) {
    throw new Error(`BMP with ${COMPRESSION_NAMES[compression] ?? `compression ${compression}`} is not supported`);
  }
  if (![1, 4, 8, 24, 32].includes(bitsPerPixel)) throw new Error(`${bitsPerPixel}-bit BMP is not supported`);
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (pixelOffset + rowBytes * height > bytes.length) throw new Error('truncated BMP: the pixel rows end early');

  const paletteOffset = 14 + headerSize;
  const paletteSize = bitsPerPixel <= 8 ? view.getUint32(46, true) || 1 << bitsPerPixel : 0;
  if (paletteOffset + paletteSize * 4 > pixelOffset) throw new Error('truncated BMP palette');
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Rows are stored bottom-up unless the height is negative.
    const row = pixelOffset + (signedHeight > 0 ? height - 1 - y : y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3;
      let source: number;
      if (bitsPerPixel >= 24) {
        source = row + x * (bitsPerPixel / 8);
      } else {
        const bitOffset = x * bitsPerPixel;
        const byte = bytes[row + (bitOffset >> 3)];
        const index = (byte >> (8 - bitsPerPixel - (bitOffset & 7))) & ((1 << bitsPerPixel) - 1);
        if (index >= paletteSize) throw new Error(`BMP pixel uses colour ${index} of a ${paletteSize}-colour palette`);
        source = paletteOffset + index * 4;
      }
      // BGR(A) in the file, RGB out.
      data[out] = bytes[source + 2];
      data[out + 1] = bytes[source + 1];
      data[out + 2] = bytes[source];
    }
  }
  return { width, height, data };
}
