/**
 * Uploads whose client goes away half-way (docs/sources.md, "Uploading PDFs and recordings"):
 * a multipart upload sent chunked over a real socket, cut after a part of a recording has
 * streamed into the store. Nothing of it may stay: no temporary file, no open descriptor, no
 * listed file, and with PostgreSQL no transaction left open.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createAdminToken, startScaleInstance, type ScaleInstance } from '../helpers/scaleServer.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';

const BOUNDARY = 'concord-abort-boundary';
const WAIT = { timeout: 15_000, interval: 20 };

/**
 * Opens a chunked multipart POST of one part `filename` over a raw socket and sends `bytes` of
 * it (no closing boundary): the caller cuts the socket when the server has them. `whole` parts
 * are sent complete before it; `raw` sends the file as the body instead.
 */
function beginUpload(
  http: string,
  path: string,
  token: string,
  filename: string,
  bytes: number,
  raw = false,
  whole: { name: string; data: Buffer }[] = [],
): Socket {
  const url = new URL(http);
  const socket = connect(Number(url.port), url.hostname);
  const chunk = (data: Buffer) =>
    socket.write(Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]));
  socket.on('error', () => undefined);
  const target = raw ? `${path}?filename=${encodeURIComponent(filename)}` : path;
  const type = raw ? 'application/octet-stream' : `multipart/form-data; boundary=${BOUNDARY}`;
  socket.write(
    `POST ${target} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  for (const part of whole)
    chunk(
      Buffer.concat([
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${part.name}"\r\n\r\n`,
        ),
        part.data,
        Buffer.from('\r\n'),
      ]),
    );
  if (!raw)
    chunk(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          'Content-Type: audio/mpeg\r\n\r\n',
      ),
    );
  const piece = Buffer.alloc(64 * 1024, 7);
  for (let sent = 0; sent < bytes; sent += piece.length)
    chunk(piece.subarray(0, Math.min(piece.length, bytes - sent)));
  return socket;
}

/** Descriptors of this process (the server runs in it) open on files under `dir`. */
function descriptorsUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // Closed between listing and reading: not open.
    }
  }
  return open;
}

describe.skipIf(process.platform !== 'linux')('an upload cut off half-way, files under DATA_DIR', () => {
  let server: TestServer;
  let tmp: string;
  beforeAll(async () => {
    server = await startServer();
    tmp = join(server.dataDir, 'blobs', 'tmp');
  });
  afterAll(async () => {
    await server.destroy();
  });

  /** Sends 700 KB of `leak.mp3` to `path`, waits until the store is writing them, then cuts. */
  async function cutUpload(path: string, raw = false): Promise<void> {
    const socket = beginUpload(server.http, path, server.token, 'leak.mp3', 700_000, raw);
    // The part is streaming into a temporary file with its descriptor open: the state to undo.
    await vi.waitFor(() => {
      const [name] = readdirSync(tmp);
      expect(name).toBeDefined();
      expect(statSync(join(tmp, name!)).size).toBeGreaterThan(600_000);
      expect(descriptorsUnder(tmp)).toHaveLength(1);
    }, WAIT);
    socket.destroy();
    await vi.waitFor(() => {
      expect(readdirSync(tmp)).toEqual([]);
      expect(descriptorsUnder(tmp)).toEqual([]);
    }, WAIT);
    expect(await server.app.services.blobs.list()).toEqual([]);
  }

  it('into a project: the temporary file is removed and its descriptor closed', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Cut' })).body;
    await cutUpload(`/api/projects/${project.id}/documents/import`);
    expect((await server.api<unknown[]>('GET', `/api/projects/${project.id}/documents`)).body).toEqual([]);
  });

  it('as a new project: the same, and no project is made', async () => {
    const before = (await server.api<Project[]>('GET', '/api/projects')).body.length;
    await cutUpload('/api/projects/import');
    expect((await server.api<Project[]>('GET', '/api/projects')).body).toHaveLength(before);
  });

  it('sent as the raw body: the same', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Cut raw' })).body;
    await cutUpload(`/api/projects/${project.id}/documents/import`, true);
  });

  it('a recording received whole before the cut is given up too: the sweep deletes it', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Cut second' })).body;
    const first = Buffer.alloc(50_000, 9);
    const socket = beginUpload(
      server.http,
      `/api/projects/${project.id}/documents/import`,
      server.token,
      'leak.mp3',
      700_000,
      false,
      [{ name: 'whole.mp3', data: first }],
    );
    const digest = createHash('sha256').update(first).digest('hex');
    await vi.waitFor(async () => {
      expect(await server.app.services.blobs.stat(digest)).not.toBeNull();
      const [name] = readdirSync(tmp);
      expect(statSync(join(tmp, name!)).size).toBeGreaterThan(600_000);
    }, WAIT);
    socket.destroy();
    await vi.waitFor(() => {
      expect(readdirSync(tmp)).toEqual([]);
      expect(descriptorsUnder(tmp)).toEqual([]);
    }, WAIT);
    expect((await server.api<unknown[]>('GET', `/api/projects/${project.id}/documents`)).body).toEqual([]);
    // No document uses it; once past the grace period the sweep deletes it.
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(server.dataDir, 'blobs', digest.slice(0, 2), digest), old, old);
    await server.app.sweepKeptFiles();
    expect(await server.app.services.blobs.list()).toEqual([]);
  });

  it('the server still takes uploads afterwards', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'After' })).body;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.alloc(1000, 3))]), 'whole.mp3');
    const res = await fetch(`${server.http}/api/projects/${project.id}/documents/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    expect(res.status).toBe(201);
  });
});

describe.skipIf(skipWithout('an upload cut off with kept files in PostgreSQL', { database: true }))(
  'an upload cut off half-way, files in PostgreSQL',
  () => {
    let schema: TestSchema;
    let instance: ScaleInstance;
    let token = '';
    let db: pg.Client;
    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      instance = await startScaleInstance({
        databaseUrl: TEST_DATABASE_URL!,
        schema: schema.name,
        channelPrefix: `${uniqueName('concord-test-')}:`,
        instanceId: 'abort',
        token: () => token,
      });
      token = await createAdminToken(instance.app);
      db = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
    });
    afterEach(async () => {
      await db.end();
      await instance.close();
      await schema.drop();
    });

    /** Locks held on this schema's `blob_chunks`: a put's open transaction after its first row. */
    async function chunkLocks(): Promise<number> {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation
         join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and c.relname = 'blob_chunks'`,
        [schema.name],
      );
      return Number(rows[0]!.n);
    }

    it('rolls back the transaction of the put', { timeout: 30_000 }, async () => {
      const project = (await instance.api<Project>('POST', '/api/projects', { name: 'Cut' })).body;
      // More than one 1 MiB row, so the put has written into its transaction when it is cut.
      const socket = beginUpload(
        instance.http,
        `/api/projects/${project.id}/documents/import`,
        token,
        'leak.mp3',
        1_600_000,
      );
      await vi.waitFor(async () => expect(await chunkLocks()).toBeGreaterThan(0), WAIT);
      socket.destroy();
      await vi.waitFor(async () => expect(await chunkLocks()).toBe(0), WAIT);
      expect(await instance.app.services.blobs.list()).toEqual([]);
      const { rows } = await db.query<{ n: string }>(`select count(*) as n from ${schema.name}.blob_chunks`);
      expect(Number(rows[0]!.n)).toBe(0);
    });
  },
);
