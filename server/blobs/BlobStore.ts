/**
 * Kept files: the originals of PDF documents and recordings (docs/sources.md), stored by the
 * SHA-256 of their bytes. One interface, two backends that pass one contract suite
 * (test/contract/blobStoreContract.ts): files under `DATA_DIR/blobs/` with SQLite
 * (`FsBlobStore`), chunked rows with PostgreSQL (`PostgresBlobStore`).
 *
 * A file is visible (`stat`, `read`, `list`) only once it is stored whole: a put that fails, is
 * interrupted or exceeds its limit leaves nothing behind.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.ts';

/**
 * A kept file as listed: its digest, size in bytes and when its content was last written — a
 * put of content already stored counts as a write, so a file an import has just uploaded is
 * recent even when another document kept it long before (see `deleteUnreferenced`).
 */
export interface StoredBlob {
  sha256: string;
  bytes: number;
  storedAt: Date;
}

export interface BlobStore {
  /**
   * Streams `source` into the store while hashing it, never holding the whole file in memory.
   * Resolves to the file's SHA-256 (64 lower-case hex digits) and size in bytes once it is
   * durable. The same content put twice is stored once; the second put refreshes its
   * `storedAt` to now. A put that resolves after a `delete` of the same content resolved has the
   * file stored: the two never interleave into a put that resolved with nothing kept.
   * @throws AppError `payloadTooLarge` (naming MAX_MEDIA_BYTES) when the source yields more than
   *   `options.maxBytes`; nothing is kept. Errors of `source` are rethrown; nothing is kept.
   */
  put(
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number },
  ): Promise<{ sha256: string; bytes: number }>;
  /**
   * The size in bytes of a stored file and when its content was last written (`storedAt`, as
   * `list` gives it), or null when there is none with this digest.
   */
  stat(sha256: string): Promise<{ bytes: number; storedAt: Date } | null>;
  /**
   * The stored bytes, whole or `range` (`start` inclusive, `end` exclusive, in bytes; the caller
   * keeps it within the size `stat` gave). The stream errors when the file does not exist.
   */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  /** Deletes a stored file; deleting one that does not exist does nothing. */
  delete(sha256: string): Promise<void>;
  /** Every stored file (for sweeping those no document references). */
  list(): Promise<StoredBlob[]>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** A size as people read it, in KiB, MiB or GiB. */
export function readableSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GiB`;
}

/** The error for a file over the limit of one kept file. */
export function fileTooLarge(maxBytes: number): AppError {
  return new AppError(
    'payloadTooLarge',
    `the file is larger than the ${readableSize(maxBytes)} allowed for one PDF or recording; ask the server's administrator to raise MAX_MEDIA_BYTES`,
  );
}

/** Whether a string is a SHA-256 digest as the stores name files (so it is safe in a path). */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
