/**
 * upload.getFile slices. Telegram wants `offset` divisible by 4 KB, `limit` divisible by
 * 4 KB with 1 MB divisible by `limit`, and no slice crossing a 1 MB boundary
 * (core.telegram.org/api/files). Slices of one fixed power-of-two size, started at a
 * multiple of that size, satisfy all of it; the bytes before the range's first byte and
 * after its last are cut off here.
 */
export const CHUNK_SIZE = 512 * 1024;

export interface ChunkSlice {
  /** What is asked of Telegram. */
  offset: number;
  limit: number;
  /** Bytes to drop at the start of the answer, and how many to keep after that. */
  skip: number;
  take: number;
}

/** The slices that cover bytes `start`..`end` (inclusive), lazily (a 2 GB file is 4,096 of them). */
export function* chunkSlices(start: number, end: number, chunkSize: number = CHUNK_SIZE): Generator<ChunkSlice> {
  if (chunkSize % 4096 !== 0 || (1024 * 1024) % chunkSize !== 0) throw new Error("invalid chunk size");
  if (end < start) return;
  for (let offset = Math.floor(start / chunkSize) * chunkSize; offset <= end; offset += chunkSize) {
    const skip = Math.max(0, start - offset);
    const take = Math.min(offset + chunkSize - 1, end) - (offset + skip) + 1;
    yield { offset, limit: chunkSize, skip, take };
  }
}
