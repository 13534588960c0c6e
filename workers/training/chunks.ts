// A batch is always computed as fixed-size chunks whose gradients are summed
// in chunk order. Whether one thread runs every chunk or several workers share
// them, the arithmetic is the same, so the weights are bit-identical for any
// number of workers.

export const CHUNK_SIZE = 16;

export interface Chunk {
  /** Index of the chunk within its batch. */
  index: number;
  /** Offset of the chunk's first image within the batch. */
  start: number;
  count: number;
}

export function chunksOf(batch: number, chunkSize = CHUNK_SIZE): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0, index = 0; start < batch; start += chunkSize, index++) {
    chunks.push({ index, start, count: Math.min(chunkSize, batch - start) });
  }
  return chunks;
}
