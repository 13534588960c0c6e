// One image file in, one CHW uint8 image of the dataset's size out. sharp
// (libvips) decodes; its pixel limit is checked against the header before a
// pixel is decoded, so a 20,000×20,000 image is refused, not expanded in
// memory. Truncated and corrupt files fail (failOn 'error') rather than
// yielding half-grey pictures.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import type { ImageChannels, ImageFit } from '../../../common/datasets.js';
import { decodeBmp, isBmp } from './bmpDecode.js';

export interface DecodeTarget {
  height: number;
  width: number;
  channels: ImageChannels;
  fit: ImageFit;
  maxInputPixels: number;
}

const BLACK = { r: 0, g: 0, b: 0, alpha: 1 };

// Imports decode each file once: sharp's operation cache would only hold memory.
sharp.cache(false);
// Parallelism comes from decoding several files at once; one libvips thread each keeps that bounded.
sharp.concurrency(1);

/**
 * Decodes, orients (EXIF), resizes and converts one file; throws a
 * DecodeFailure with a short reason for people. libvips reads the file itself
 * (one thread-pool task instead of the several a readFile costs: twice the
 * images per second); the bytes are read here only for BMP, which libvips
 * does not know, and to explain a failure.
 */
export async function decodeImageFile(file: string, target: DecodeTarget): Promise<Uint8Array> {
  if (BMP_EXTENSIONS.has(extname(file).toLowerCase())) return decodeImageBytes(await readFile(file), target);
  try {
    return await runPipeline(libvipsInput(file, target), target);
  } catch (error) {
    if (error instanceof DecodeFailure) throw error;
    const bytes = await readFile(file).catch((readError: NodeJS.ErrnoException) => {
      throw new DecodeFailure(`could not be read (${readError.code ?? readError.message})`);
    });
    // A BMP by another name still decodes; anything else gets its reason.
    if (isBmp(bytes)) return decodeImageBytes(bytes, target);
    throw new DecodeFailure(await diagnose(bytes, target));
  }
}

export async function decodeImageBytes(bytes: Uint8Array, target: DecodeTarget): Promise<Uint8Array> {
  if (bytes.length === 0) throw new DecodeFailure('empty file (0 bytes)');
  try {
    return await runPipeline(isBmp(bytes) ? bmpInput(bytes, target) : libvipsInput(bytes, target), target);
  } catch (error) {
    if (error instanceof DecodeFailure) throw error;
    throw new DecodeFailure(isBmp(bytes) ? `unreadable BMP (${(error as Error).message})` : await diagnose(bytes, target));
  }
}

const BMP_EXTENSIONS: ReadonlySet<string> = new Set(['.bmp', '.dib']);

function libvipsInput(input: string | Uint8Array, target: DecodeTarget): sharp.Sharp {
  return sharp(input, { failOn: 'error', limitInputPixels: target.maxInputPixels, pages: 1 }).rotate();
}

function bmpInput(bytes: Uint8Array, target: DecodeTarget): sharp.Sharp {
  const bmp = decodeBmp(bytes, target.maxInputPixels);
  return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
}

async function runPipeline(input: sharp.Sharp, target: DecodeTarget): Promise<Uint8Array> {
  let pipeline = input
    .resize(target.width, target.height, { fit: target.fit === 'crop' ? 'cover' : 'contain', position: 'centre', background: BLACK })
    .flatten({ background: BLACK });
  pipeline = target.channels === 1 ? pipeline.grayscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== target.width || info.height !== target.height) {
    throw new DecodeFailure(`the decoder returned ${info.width}×${info.height} instead of ${target.width}×${target.height}`);
  }
  return toPlanar(data, info.channels, target.channels, target.height * target.width);
}

/** Why a file would not decode, in a few words for the skipped list. */
export class DecodeFailure extends Error {
  override name = 'DecodeFailure';
}

/**
 * The reason for a failed decode, worked out again from the header: libvips
 * keeps one error buffer for all threads, so the message of a failure among
 * several concurrent ones can belong to another file (or read "Unknown error").
 */
async function diagnose(bytes: Uint8Array, target: DecodeTarget): Promise<string> {
  if (bytes.length === 0) return 'empty file (0 bytes)';
  // No pixel limit here: metadata reads the header only, and the header is what says the image is too large.
  const header = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => null);
  if (!header?.width || !header.height) return 'not a readable image (unknown format or corrupt header)';
  const pixels = header.width * header.height;
  if (pixels > target.maxInputPixels) {
    return `${header.width.toLocaleString('en-US')}×${header.height.toLocaleString('en-US')} pixels, over the ${(target.maxInputPixels / 1e6).toLocaleString('en-US')}-megapixel limit: refused before decoding`;
  }
  return `truncated or corrupt ${header.format ?? 'image'} data`;
}

/** HWC interleaved (as decoders return) to CHW planar (as datasets store), replicating grey when RGB is wanted. */
export function toPlanar(interleaved: Uint8Array, sourceChannels: number, channels: ImageChannels, pixels: number): Uint8Array {
  const planar = new Uint8Array(channels * pixels);
  for (let c = 0; c < channels; c++) {
    const from = Math.min(c, sourceChannels - 1);
    const plane = c * pixels;
    for (let p = 0; p < pixels; p++) planar[plane + p] = interleaved[p * sourceChannels + from];
  }
  return planar;
}

/** The reason a file was refused, for the skipped list. */
export function describeDecodeError(error: unknown): string {
  return error instanceof DecodeFailure ? error.message : `could not be read (${error instanceof Error ? error.message : String(error)})`;
}
