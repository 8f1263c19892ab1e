/**
 * A large `.mp4` made up on the fly for the import benchmark: an ISO BMFF `ftyp` box and the
 * header of one `mdat` box holding the rest, which is seeded noise. Concord never decodes a
 * recording (the browser plays it), so the bytes after the header need not be video; they only
 * need to be many, and different from run to run so the content-addressed store keeps each.
 *
 * The file is produced in 1 MiB chunks by a generator and never held whole. Every chunk is the
 * same noise stamped with the run's seed and the chunk's index, so any byte range can be
 * rebuilt to check what the server sends back ({@link videoSlice}).
 */

/** Size of the generated chunks, in bytes. */
export const CHUNK_BYTES = 1 << 20;
/** `ftyp` (32 bytes) and the `mdat` box header (8 bytes). */
const HEADER_BYTES = 40;

/** 1 MiB of noise from a fixed xorshift32 sequence, the body every chunk is stamped on. */
export function makeNoise(): Buffer {
  const noise = Buffer.alloc(CHUNK_BYTES);
  let x = 0x9e3779b9;
  for (let i = 0; i < CHUNK_BYTES; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise.writeUInt32LE(x >>> 0, i);
  }
  return noise;
}

/** The first 40 bytes of a file of `total` bytes: `ftyp` (isom, with avc1/mp41) and `mdat`'s header. */
function header(total: number): Buffer {
  const head = Buffer.alloc(HEADER_BYTES);
  head.writeUInt32BE(32, 0);
  head.write('ftypisom', 4, 'latin1');
  head.writeUInt32BE(0x200, 12);
  head.write('isomiso2avc1mp41', 16, 'latin1');
  head.writeUInt32BE(total - 32, 32);
  head.write('mdat', 36, 'latin1');
  return head;
}

function chunkAt(noise: Buffer, seed: number, index: number): Buffer {
  const chunk = Buffer.from(noise);
  chunk.writeUInt32BE(seed >>> 0, 0);
  chunk.writeUInt32BE(index, 4);
  return chunk;
}

/** The file of `total` bytes for `seed`, as chunks of at most {@link CHUNK_BYTES}. */
export function* generatedVideo(noise: Buffer, total: number, seed: number): Generator<Buffer> {
  yield header(total);
  for (let at = HEADER_BYTES, index = 0; at < total; at += CHUNK_BYTES, index++) {
    const chunk = chunkAt(noise, seed, index);
    yield at + CHUNK_BYTES <= total ? chunk : chunk.subarray(0, total - at);
  }
}

/** Bytes `[start, end)` of the file {@link generatedVideo} gives for `total` and `seed`. */
export function videoSlice(noise: Buffer, total: number, seed: number, start: number, end: number): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const chunk of generatedVideo(noise, total, seed)) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + chunk.length);
    if (from < to) parts.push(chunk.subarray(from - at, to - at));
    at += chunk.length;
    if (at >= end) break;
  }
  return Buffer.concat(parts);
}
