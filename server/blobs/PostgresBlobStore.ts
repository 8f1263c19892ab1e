/**
 * Kept files in PostgreSQL, for deployments whose instances share one database and no disk: each
 * file as `blob_chunks` rows of `chunkBytes` (default 1 MiB) under a random id, and one `blobs`
 * row naming it by its SHA-256 (migration 0012). A put writes its chunks and its `blobs` row in
 * one transaction, so an interrupted put leaves nothing; a range read fetches only the chunks (and
 * of those only the bytes) the range covers.
 *
 * The store has a pool of its own: an upload holds a connection for as long as it streams, which
 * must not starve the room log of connections.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import pg from 'pg';
import { fileTooLarge, isSha256, type BlobStore, type StoredBlob } from './BlobStore.ts';
import { SCHEMA_NAME } from '../storage/postgres.ts';

export interface PostgresBlobStoreOptions {
  /** Connection string of the database whose migrations created `blobs` and `blob_chunks`. */
  url: string;
  /** Schema holding Concord's tables; default: the server's search_path. */
  schema?: string;
  /** Most connections, i.e. puts and reads at once. Default 4. */
  poolSize?: number;
  /** Bytes per stored row. Default 1 MiB. */
  chunkBytes?: number;
}

const MiB = 1024 * 1024;

export class PostgresBlobStore implements BlobStore {
  private readonly pool: pg.Pool;
  private readonly chunkBytes: number;

  constructor(options: PostgresBlobStoreOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
      throw new RangeError(`invalid schema name '${options.schema}': use lowercase letters, digits and _`);
    this.chunkBytes = options.chunkBytes ?? MiB;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: 5000,
      // One statement moves at most one row of `chunkBytes`: a database that stops answering
      // fails the upload or download instead of holding its connection forever.
      statement_timeout: 30_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // A broken idle connection is replaced on the next query rather than ending the process.
    this.pool.on('error', () => undefined);
  }

  async put(
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number },
  ): Promise<{ sha256: string; bytes: number }> {
    const client = await this.pool.connect();
    const blobId = randomBytes(12).toString('hex');
    const hash = createHash('sha256');
    let bytes = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (upTo: number) => {
      const whole = Buffer.concat(pending, pendingBytes);
      let offset = 0;
      while (whole.length - offset >= upTo && whole.length - offset > 0) {
        const size = Math.min(this.chunkBytes, whole.length - offset);
        await client.query('insert into blob_chunks (blob_id, seq, data) values ($1, $2, $3)', [
          blobId,
          seq++,
          whole.subarray(offset, offset + size),
        ]);
        offset += size;
      }
      pending = offset < whole.length ? [whole.subarray(offset)] : [];
      pendingBytes = whole.length - offset;
    };
    try {
      await client.query('begin');
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) throw fileTooLarge(options.maxBytes);
        hash.update(chunk);
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= this.chunkBytes) await flush(this.chunkBytes);
      }
      await flush(1);
      const sha256 = hash.digest('hex');
      // Already stored (perhaps by a put that finished meanwhile): the stored copy stays and its
      // time becomes this write's, so a sweep does not take it from the import that just
      // uploaded it; this copy's chunks are dropped in the same transaction.
      const upserted = await client.query<{ blob_id: string }>(
        `insert into blobs (sha256, blob_id, bytes, chunk_bytes, stored_at) values ($1, $2, $3, $4, $5)
         on conflict (sha256) do update set stored_at = excluded.stored_at returning blob_id`,
        [sha256, blobId, bytes, this.chunkBytes, new Date().toISOString()],
      );
      if (upserted.rows[0]?.blob_id !== blobId)
        await client.query('delete from blob_chunks where blob_id = $1', [blobId]);
      await client.query('commit');
      return { sha256, bytes };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async stat(sha256: string): Promise<{ bytes: number; storedAt: Date } | null> {
    if (!isSha256(sha256)) return null;
    const { rows } = await this.pool.query<{ bytes: string; stored_at: string }>(
      'select bytes, stored_at from blobs where sha256 = $1',
      [sha256],
    );
    return rows[0] ? { bytes: Number(rows[0].bytes), storedAt: new Date(rows[0].stored_at) } : null;
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    const pool = this.pool;
    async function* chunks(): AsyncGenerator<Buffer> {
      const { rows } = await pool.query<{ blob_id: string; bytes: string; chunk_bytes: number }>(
        'select blob_id, bytes, chunk_bytes from blobs where sha256 = $1',
        [sha256],
      );
      const blob = rows[0];
      if (!blob) throw Object.assign(new Error(`no kept file ${sha256}`), { code: 'ENOENT' });
      const size = Number(blob.bytes);
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size, size);
      const per = blob.chunk_bytes;
      for (let seq = Math.floor(start / per); seq * per < end; seq++) {
        const from = Math.max(start - seq * per, 0);
        const to = Math.min(end - seq * per, per);
        // substring is 1-based; only the bytes of the range leave the database.
        const part = await pool.query<{ data: Buffer }>(
          'select substring(data from $3 for $4) as data from blob_chunks where blob_id = $1 and seq = $2',
          [blob.blob_id, seq, from + 1, to - from],
        );
        const data = part.rows[0]?.data;
        if (!data) throw new Error(`kept file ${sha256} misses chunk ${seq}`);
        yield data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ blob_id: string }>(
        'delete from blobs where sha256 = $1 returning blob_id',
        [sha256],
      );
      if (rows[0]) await client.query('delete from blob_chunks where blob_id = $1', [rows[0].blob_id]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async list(): Promise<StoredBlob[]> {
    const { rows } = await this.pool.query<{ sha256: string; bytes: string; stored_at: string }>(
      'select sha256, bytes, stored_at from blobs order by sha256',
    );
    return rows.map((r) => ({ sha256: r.sha256, bytes: Number(r.bytes), storedAt: new Date(r.stored_at) }));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
