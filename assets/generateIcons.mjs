// Draws the app icon — a stack of feature maps under a 3×3 kernel — and
// writes it as PNG with node:zlib, no image library. electron-builder takes
// the icons/ folder for Linux and converts icons/512x512.png for macOS and
// Windows. Run: node assets/generateIcons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => bytes.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff;

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
  return out;
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in unit coordinates (0..1), drawn back to front: [x, y, w, h, radius, [r, g, b]].
const SHAPES = [
  [0.04, 0.04, 0.92, 0.92, 0.2, [28, 36, 74]],
  [0.16, 0.3, 0.44, 0.44, 0.05, [45, 106, 160]],
  [0.26, 0.24, 0.44, 0.44, 0.05, [52, 150, 186]],
  [0.36, 0.18, 0.44, 0.44, 0.05, [86, 199, 196]],
  ...[0, 1, 2].flatMap((row) =>
    [0, 1, 2].map((col) => [0.48 + col * 0.085, 0.3 + row * 0.085, 0.07, 0.07, 0.012, (row + col) % 2 ? [28, 36, 74] : [250, 204, 92]]),
  ),
];

function insideRoundedRect(px, py, [x, y, w, h, r]) {
  const dx = Math.max(x + r - px, 0, px - (x + w - r));
  const dy = Math.max(y + r - py, 0, py - (y + h - r));
  return px >= x && px <= x + w && py >= y && py <= y + h && dx * dx + dy * dy <= r * r;
}

function render(size, samples = 4) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = (x + (sx + 0.5) / samples) / size;
          const py = (y + (sy + 0.5) / samples) / size;
          const top = SHAPES.findLast((shape) => insideRoundedRect(px, py, shape));
          if (top === undefined) continue;
          sum[0] += top[5][0];
          sum[1] += top[5][1];
          sum[2] += top[5][2];
          sum[3] += 255;
        }
      }
      const coverage = sum[3] / 255;
      const offset = (y * size + x) * 4;
      // Colour averaged over covered samples only (straight alpha), coverage as alpha.
      for (let c = 0; c < 3; c++) rgba[offset + c] = coverage ? Math.round(sum[c] / coverage) : 0;
      rgba[offset + 3] = Math.round(sum[3] / (samples * samples));
    }
  }
  return rgba;
}

const here = new URL('.', import.meta.url);
for (const size of [512, 256]) writeFileSync(new URL(`icons/${size}x${size}.png`, here), encodePng(size, render(size)));
