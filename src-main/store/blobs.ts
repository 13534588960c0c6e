// Typed arrays in and out of BLOB columns without copying. Floats are stored in
// the machine's byte order, which is little-endian on every platform Node and
// Electron ship for, so a database file moves between machines unchanged.

/** A Buffer over the same memory (also works for arrays on a SharedArrayBuffer). */
export function blobOf(values: Float32Array | Uint8Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** better-sqlite3 gives each BLOB its own buffer at offset 0; the copy is for the odd unaligned one. */
export function float32FromBlob(blob: Buffer): Float32Array {
  if (blob.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) {
    throw new Error(`A stored float32 array has ${blob.byteLength} bytes, not a multiple of 4: the database is damaged.`);
  }
  const length = blob.byteLength / Float32Array.BYTES_PER_ELEMENT;
  if (blob.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0) return new Float32Array(blob.buffer, blob.byteOffset, length);
  return new Float32Array(new Uint8Array(blob).buffer);
}

export function uint8FromBlob(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}
