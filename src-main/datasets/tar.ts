// A streaming tar reader (ustar, pax and GNU long names), enough for dataset
// archives. Entries are read one at a time from a ByteReader, so a reader that
// has what it needs can stop before the rest of the archive is decompressed.

import type { ByteReader } from './byteSource.js';

const BLOCK = 512;
/** pax and GNU long-name headers are metadata; anything bigger is not an honest one. */
const MAX_METADATA_BYTES = 1 << 20;

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  path: string;
  type: TarEntryType;
  size: number;
  linkTarget: string;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

export class TarReader {
  /** Body bytes of the current entry not yet read. */
  private bodyLeft = 0;
  private paddingLeft = 0;

  constructor(
    private readonly bytes: ByteReader,
    private readonly archiveName: string,
  ) {}

  /** The next file-like entry (metadata headers are folded in), or null at the end. */
  async next(): Promise<TarEntry | null> {
    let override: Partial<Pick<TarEntry, 'path' | 'linkTarget' | 'size'>> = {};
    for (;;) {
      await this.skipRest();
      const offset = this.bytes.position;
      const header = await this.bytes.read(BLOCK);
      if (header.length === 0) return null;
      if (header.length < BLOCK) this.fail(offset, 'truncated header');
      if (header.every((b) => b === 0)) return null;
      if (!verifyChecksum(header)) this.fail(offset, 'header checksum mismatch (not a tar archive, or corrupt)');
      const typeFlag = String.fromCharCode(header[156]);
      const size = parseSize(header.subarray(124, 136));
      if (size === null) this.fail(offset, 'unreadable size field');
      this.startBody(size);

      if (typeFlag === 'x' || typeFlag === 'L' || typeFlag === 'K') {
        const body = await this.readSmallBody(MAX_METADATA_BYTES);
        if (typeFlag === 'x') override = { ...override, ...parsePax(body) };
        else if (typeFlag === 'L') override.path = nulTerminated(body);
        else override.linkTarget = nulTerminated(body);
        continue;
      }
      if (typeFlag === 'g') continue; // global pax defaults: nothing in them matters here

      const entry: TarEntry = {
        path: override.path ?? headerPath(header),
        type: entryType(typeFlag),
        size: override.size ?? size,
        linkTarget: override.linkTarget ?? field(header, 157, 100),
      };
      if (override.size !== undefined) this.startBody(override.size);
      return entry;
    }
  }

  /** Reads up to `length` bytes of the current entry's body into target[at..]; returns the count. */
  async readInto(target: Uint8Array, at: number, length: number): Promise<number> {
    const want = Math.min(length, this.bodyLeft);
    const got = await this.bytes.readInto(target, at, want);
    this.bodyLeft -= got;
    if (got < want) throw new TarFormatError(`${this.archiveName}: archive ends inside an entry`);
    return got;
  }

  /** The current entry's whole body, refused when over `maxBytes` so a lying header cannot make us allocate. */
  async readSmallBody(maxBytes: number): Promise<Buffer> {
    if (this.bodyLeft > maxBytes) {
      throw new TarFormatError(`${this.archiveName}: a ${this.bodyLeft}-byte entry where at most ${maxBytes} are expected`);
    }
    const body = Buffer.alloc(this.bodyLeft);
    await this.readInto(body, 0, body.length);
    return body;
  }

  async close(): Promise<void> {
    await this.bytes.close();
  }

  private startBody(size: number): void {
    this.bodyLeft = size;
    this.paddingLeft = (BLOCK - (size % BLOCK)) % BLOCK;
  }

  private async skipRest(): Promise<void> {
    const length = this.bodyLeft + this.paddingLeft;
    this.bodyLeft = this.paddingLeft = 0;
    if ((await this.bytes.skip(length)) < length) {
      throw new TarFormatError(`${this.archiveName}: archive ends inside an entry`);
    }
  }

  private fail(offset: number, problem: string): never {
    throw new TarFormatError(`${this.archiveName}: ${problem} at byte ${offset} of the tar stream`);
  }
}

function field(header: Buffer, start: number, length: number): string {
  return nulTerminated(header.subarray(start, start + length));
}

function headerPath(header: Buffer): string {
  const name = field(header, 0, 100);
  const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = isUstar ? field(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function entryType(flag: string): TarEntryType {
  if (flag === '0' || flag === '\0' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

/** Octal, or GNU base-256 (high bit set) for sizes beyond 8 GiB. */
function parseSize(raw: Buffer): number | null {
  if (raw[0] & 0x80) {
    let value = raw[0] & 0x7f;
    for (let i = 1; i < raw.length; i++) value = value * 256 + raw[i];
    return Number.isSafeInteger(value) ? value : null;
  }
  const text = raw.toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

function verifyChecksum(header: Buffer): boolean {
  const stored = parseSize(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return stored === sum;
}

function nulTerminated(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** pax records are "<length> <key>=<value>\n", length in bytes and counting the whole record. */
function parsePax(body: Buffer): Partial<Pick<TarEntry, 'path' | 'linkTarget' | 'size'>> {
  const result: Partial<Pick<TarEntry, 'path' | 'linkTarget' | 'size'>> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(body.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= space - at || at + length > body.length) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    at += length;
    const equals = record.indexOf('=');
    if (equals < 0) continue;
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') result.path = value;
    else if (key === 'linkpath') result.linkTarget = value;
    else if (key === 'size' && /^\d+$/.test(value)) result.size = Number(value);
  }
  return result;
}
