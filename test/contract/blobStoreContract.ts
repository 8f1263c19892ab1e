/**
 * The BlobStore contract, run against every backend: `registerBlobStoreContractTests(name,
 * factory)`. The factory returns a fresh, empty store for each test; files of 2.5 MiB cross the
 * PostgreSQL store's 1 MiB chunks, so ranges are read across a chunk boundary.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlobStore } from '../../server/blobs/BlobStore.ts';
import { AppError } from '../../shared/errors.ts';

export interface BlobStoreFactory {
  open(): Promise<BlobStore>;
  cleanup?(): Promise<void>;
}

const MiB = 1024 * 1024;

/** The bytes as a source of uneven pieces, as a network delivers them. */
async function* pieces(data: Uint8Array, size = 64 * 1024 + 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function registerBlobStoreContractTests(name: string, factory: () => BlobStoreFactory): void {
  describe(`blob store contract: ${name}`, () => {
    let f: BlobStoreFactory;
    let store: BlobStore;
    const data = randomBytes(2.5 * MiB);

    beforeEach(async () => {
      f = factory();
      store = await f.open();
    });
    afterEach(async () => {
      try {
        await store.close();
      } finally {
        await f.cleanup?.();
      }
    });

    it('stores a file under its SHA-256 and reads it back whole and by ranges', async () => {
      const put = await store.put(pieces(data), { maxBytes: 10 * MiB });
      expect(put).toEqual({ sha256: sha(data), bytes: data.length });
      expect(await store.stat(put.sha256)).toEqual({ bytes: data.length, storedAt: expect.any(Date) });
      expect((await readAll(store.read(put.sha256))).equals(data)).toBe(true);
      const range = async (start: number, end: number) =>
        (await readAll(store.read(put.sha256, { start, end }))).equals(data.subarray(start, end));
      expect(await range(0, 1)).toBe(true);
      expect(await range(data.length - 1, data.length)).toBe(true);
      // Across the 1 MiB boundary, and across two.
      expect(await range(MiB - 10, MiB + 10)).toBe(true);
      expect(await range(MiB / 2, 2 * MiB + 3)).toBe(true);
      expect((await store.list()).map((b) => [b.sha256, b.bytes])).toEqual([[put.sha256, data.length]]);
    });

    it('stores an empty file', async () => {
      const put = await store.put(pieces(new Uint8Array()), { maxBytes: 10 });
      expect(put).toEqual({ sha256: sha(new Uint8Array()), bytes: 0 });
      expect(await store.stat(put.sha256)).toMatchObject({ bytes: 0 });
      expect((await readAll(store.read(put.sha256))).length).toBe(0);
    });

    it('keeps one copy of content put twice, and deletes it', async () => {
      const first = await store.put(pieces(data), { maxBytes: 10 * MiB });
      const second = await store.put(pieces(data, 1000_003), { maxBytes: 10 * MiB });
      expect(second).toEqual(first);
      expect(await store.list()).toHaveLength(1);
      await store.delete(first.sha256);
      expect(await store.stat(first.sha256)).toBeNull();
      expect(await store.list()).toEqual([]);
      // Deleting again, or what never existed, does nothing.
      await store.delete(first.sha256);
      await store.delete('0'.repeat(64));
    });

    it('says when a file was last written: a put of content already stored refreshes it', async () => {
      const small = data.subarray(0, 100_000);
      const before = Date.now();
      const first = await store.put(pieces(small), { maxBytes: MiB });
      const stored = (await store.stat(first.sha256))!.storedAt;
      // Within the second around the put (file systems keep times to the second or finer).
      expect(stored.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(stored.getTime()).toBeLessThanOrEqual(Date.now());
      expect((await store.list()).map((b) => b.storedAt)).toEqual([stored]);
      // Wait (for a condition, not a time) until a later write can carry a later time.
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(stored.getTime() + 5), { interval: 2 });
      await store.put(pieces(small), { maxBytes: MiB });
      const again = await store.stat(first.sha256);
      expect(again!.storedAt.getTime()).toBeGreaterThan(stored.getTime());
      expect(again!.bytes).toBe(small.length);
      expect((await store.list()).map((b) => [b.sha256, b.storedAt.getTime()])).toEqual([
        [first.sha256, again!.storedAt.getTime()],
      ]);
      expect((await readAll(store.read(first.sha256))).equals(small)).toBe(true);
    });

    it('keeps the file of a put that resolves after a delete of the same content', async () => {
      const small = data.subarray(0, 300_000);
      const { sha256 } = await store.put(pieces(small), { maxBytes: MiB });
      // The second put is streaming when the delete runs, and resolves after it: the file stays.
      async function* deletedMeanwhile(): AsyncGenerator<Uint8Array> {
        yield small.subarray(0, 1000);
        await store.delete(sha256);
        yield small.subarray(1000);
      }
      await store.put(deletedMeanwhile(), { maxBytes: MiB });
      expect(await store.stat(sha256)).toMatchObject({ bytes: small.length });
      expect((await readAll(store.read(sha256))).equals(small)).toBe(true);
    });

    it('refuses a file over the limit and keeps nothing of it', async () => {
      const error = await store.put(pieces(data), { maxBytes: MiB }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('payloadTooLarge');
      expect((error as AppError).message).toContain('MAX_MEDIA_BYTES');
      expect(await store.stat(sha(data))).toBeNull();
      expect(await store.list()).toEqual([]);
    });

    it('keeps nothing of a put whose source fails half-way', async () => {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield data.subarray(0, 1.5 * MiB);
        throw new Error('connection reset');
      }
      await expect(store.put(failing(), { maxBytes: 10 * MiB })).rejects.toThrow('connection reset');
      expect(await store.list()).toEqual([]);
      expect(await store.stat(sha(data.subarray(0, 1.5 * MiB)))).toBeNull();
      // The store still works afterwards.
      const put = await store.put(pieces(data), { maxBytes: 10 * MiB });
      expect(await store.stat(put.sha256)).toMatchObject({ bytes: data.length });
    });

    it('answers a digest it does not hold with null, and a read of it with an error', async () => {
      expect(await store.stat('f'.repeat(64))).toBeNull();
      expect(await store.stat('not a digest')).toBeNull();
      await expect(readAll(store.read('f'.repeat(64)))).rejects.toThrow();
    });
  });
}
