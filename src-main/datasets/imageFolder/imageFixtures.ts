// Small picture folders written by tests (unit and e2e) and by the import
// measurement: every image is made here with sharp, never checked in.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

export type FixtureFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** A distinct, saturated colour per class, so a network (and a test) can tell them apart. */
export const CLASS_COLOURS: readonly [number, number, number][] = [
  [220, 40, 40],
  [40, 200, 60],
  [40, 60, 220],
  [230, 210, 40],
  [200, 60, 210],
  [40, 210, 210],
];

/** A width×height picture of `rgb` with a faint per-image gradient, so no two files are the same. */
export function fixturePixels(width: number, height: number, rgb: readonly number[], variant: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = ((x + y + variant * 7) % 16) - 8;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, rgb[c] + shade));
    }
  }
  return data;
}

export async function encodeFixture(width: number, height: number, rgb: readonly number[], variant: number, format: FixtureFormat): Promise<Buffer> {
  return sharp(fixturePixels(width, height, rgb, variant), { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

export async function writeFixtureImage(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

export interface FixtureFolderOptions {
  /** Images per class. */
  perClass: number;
  width?: number;
  height?: number;
  /** Cycled through, image by image. */
  formats?: FixtureFormat[];
}

/** FOLDER/<class>/<class>-<n>.<ext> for every class name, coloured CLASS_COLOURS[class index]. */
export async function writeClassFolders(folder: string, classNames: readonly string[], options: FixtureFolderOptions): Promise<void> {
  const formats = options.formats ?? ['png', 'jpeg'];
  for (const [label, className] of classNames.entries()) {
    for (let n = 0; n < options.perClass; n++) {
      const format = formats[(label + n) % formats.length];
      const bytes = await encodeFixture(options.width ?? 12, options.height ?? 12, CLASS_COLOURS[label % CLASS_COLOURS.length], n, format);
      await writeFixtureImage(join(folder, className, `${className}-${n}.${format === 'jpeg' ? 'jpg' : format}`), bytes);
    }
  }
}

/** A real PNG whose header claims width×height pixels: a decoder that honours its pixel limit refuses it from the header alone. */
export async function pngClaimingSize(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await encodeFixture(8, 8, [128, 128, 128], 0, 'png'));
  // IHDR: length (4) + type (4) at 8, data from 16 (width, height, …), CRC over type+data at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** An uncompressed bottom-up BMP: 24-bit pixels, or 8-bit with a palette of the distinct colours. */
export function encodeBmp(width: number, height: number, rgb: Buffer, bitsPerPixel: 24 | 8): Buffer {
  const palette: number[] = [];
  const indexOf = new Map<number, number>();
  if (bitsPerPixel === 8) {
    for (let p = 0; p < width * height; p++) {
      const key = (rgb[p * 3] << 16) | (rgb[p * 3 + 1] << 8) | rgb[p * 3 + 2];
      if (!indexOf.has(key)) {
        indexOf.set(key, palette.length);
        palette.push(key);
      }
    }
  }
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const pixelOffset = 54 + palette.length * 4;
  const file = Buffer.alloc(pixelOffset + rowBytes * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(pixelOffset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bitsPerPixel, 28);
  file.writeUInt32LE(palette.length, 46);
  palette.forEach((key, i) => {
    file[54 + i * 4] = key & 0xff;
    file[54 + i * 4 + 1] = (key >> 8) & 0xff;
    file[54 + i * 4 + 2] = key >> 16;
  });
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      if (bitsPerPixel === 8) {
        file[row + x] = indexOf.get((rgb[p] << 16) | (rgb[p + 1] << 8) | rgb[p + 2]) as number;
      } else {
        file[row + x * 3] = rgb[p + 2];
        file[row + x * 3 + 1] = rgb[p + 1];
        file[row + x * 3 + 2] = rgb[p];
      }
    }
  }
  return file;
}

export interface ZipFixtureEntry {
  /** Forward slashes; a trailing slash makes a folder entry. */
  name: string;
  data?: Uint8Array;
  /** Marks the entry as a Unix symbolic link whose target is `data`. */
  symlink?: boolean;
}

/** A .zip with every entry stored (uncompressed): enough to test an unpacker, no zip library needed. */
export function zipArchive(entries: ZipFixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? new Uint8Array(0));
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits count
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const mode = entry.symlink ? 0o120777 : entry.name.endsWith('/') ? 0o040755 : 0o100644;
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
