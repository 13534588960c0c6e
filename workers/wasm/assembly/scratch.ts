// Kernels own no memory: the caller hands each one a scratch region of the
// size its ...ScratchBytes function reports, carved here into 64-byte aligned
// parts (one cache line, so parts never share a line).

@inline
export function aligned(bytes: usize): usize {
  return (bytes + 63) & ~(<usize>63);
}

/** Bytes of `count` floats (or 32-bit offsets), aligned. */
@inline
export function floatBytes(count: i32): usize {
  return aligned((<usize>count) << 2);
}
