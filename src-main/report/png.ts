// The smallest PNG writer the report needs: 8-bit RGBA, no filtering, one
// zlib stream (node:zlib), so images embed as data URIs with no dependency.

import { deflateSync } from 'node:zlib';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** PNG bytes of width × height interleaved RGBA pixels. */
export function encodePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError(`a ${width}×${height} RGBA image needs ${width * height * 4} bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))]);
}

/** Each source pixel becomes a zoom × zoom square (small images stay sharp in any viewer). */
export function zoomRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, zoom: number): Uint8Array {
  const out = new Uint8Array(width * zoom * height * zoom * 4);
  for (let y = 0; y < height * zoom; y++) {
    for (let x = 0; x < width * zoom; x++) {
      const from = ((Math.floor(y / zoom) * width + Math.floor(x / zoom)) * 4);
      out.set(rgba.subarray(from, from + 4), (y * width * zoom + x) * 4);
    }
  }
  return out;
}

export function pngDataUri(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, zoom = 1): string {
  const pixels = zoom > 1 ? zoomRgba(rgba, width, height, zoom) : rgba;
  return `data:image/png;base64,${encodePng(pixels, width * zoom, height * zoom).toString('base64')}`;
}
