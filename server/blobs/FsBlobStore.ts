/**
 * Kept files as files: `<dir>/<first 2 hex digits>/<sha256>`, the embedded default under
 * `DATA_DIR/blobs`. A put writes to `<dir>/tmp/`, fsyncs and renames into place, so a crash
 * half-way leaves only a temporary file, which the next `open` removes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileTooLarge, isSha256, type BlobStore, type StoredBlob } from './BlobStore.ts';

const TMP = 'tmp';

export class FsBlobStore implements BlobStore {
  private constructor(private readonly dir: string) {}

  /**
   * Opens the store in `dir` (created when missing) and removes temporary files of puts begun
   * before now: on one data directory only one server runs, so they were interrupted.
   */
  static async open(dir: string): Promise<FsBlobStore> {
    const started = Date.now();
    await mkdir(join(dir, TMP), { recursive: true });
    for (const name of await readdir(join(dir, TMP))) {
      const path = join(dir, TMP, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < started) await rm(path, { force: true });
    }
    return new FsBlobStore(dir);
  }

  private pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new RangeError(`'${sha256}' is not a SHA-256 digest`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number },
  ): Promise<{ sha256: string; bytes: number }> {
    const temp = join(this.dir, TMP, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const file = await open(temp, 'wx');
    let closed = false;
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) throw fileTooLarge(options.maxBytes);
        hash.update(chunk);
        // Awaiting each write is the back-pressure: the source is read no faster than the disk takes it.
        await file.write(chunk);
      }
      await file.sync();
      await file.close();
      closed = true;
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // Renamed over a copy already there too: the content is the same, and the file's time
      // becomes this write's, so a sweep does not take it from the import that just uploaded it.
      // One atomic step, so a delete racing it removes either the old file or none.
      await rename(temp, target);
      return { sha256, bytes };
    } catch (error) {
      if (!closed) await file.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  async stat(sha256: string): Promise<{ bytes: number; storedAt: Date } | null> {
    if (!isSha256(sha256)) return null;
    const info = await stat(this.pathOf(sha256)).catch(() => null);
    return info ? { bytes: info.size, storedAt: info.mtime } : null;
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    if (range && range.end <= range.start) return Readable.from([]);
    // createReadStream's `end` is inclusive.
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end - 1 } : {});
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await rm(this.pathOf(sha256), { force: true });
  }

  async list(): Promise<StoredBlob[]> {
    const blobs: StoredBlob[] = [];
    for (const prefix of await readdir(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await readdir(join(this.dir, prefix))) {
        if (!isSha256(name)) continue;
        const info = await stat(join(this.dir, prefix, name)).catch(() => null);
        if (info) blobs.push({ sha256: name, bytes: info.size, storedAt: info.mtime });
      }
    }
    return blobs;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
