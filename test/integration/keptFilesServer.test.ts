/**
 * Kept files in a server started as `npm start` starts it (a child process with its own memory):
 * a 200 MB recording streams to `DATA_DIR/blobs` without the server holding it, and a start
 * sweeps away kept files no document uses once they are an hour old.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { tempDir } from '../helpers/server.ts';

let server: ChildServer | null = null;
let dataDir = '';

afterEach(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  server = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** A process's resident memory now and at its peak, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe.skipIf(process.platform !== 'linux')('a server process', () => {
  it('streams a 200 MB recording to its data directory without holding it in memory', async () => {
    dataDir = tempDir('concord-kept-');
    server = await startChildServer({ DATA_DIR: dataDir });
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Large' })).body;
    const total = 200 * 1024 * 1024;
    const piece = new Uint8Array(256 * 1024);
    for (let i = 0; i < piece.length; i++) piece[i] = (i * 31) & 0xff;
    const boundary = 'concord-boundary-7d1';
    const encoder = new TextEncoder();
    const head = encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    );
    const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
    const hash = createHash('sha256');
    const pid = server.child.pid!;
    const before = memoryOf(pid);
    let sent = 0;
    // The body is made as it is sent, never whole in this process either.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (sent >= total) {
          controller.enqueue(tail);
          controller.close();
          return;
        }
        const next = piece.subarray(0, Math.min(piece.length, total - sent));
        hash.update(next);
        sent += next.length;
        controller.enqueue(next.slice());
      },
    });
    const res = await fetch(`${server.http}/api/projects/${project.id}/documents/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    const grown = memoryOf(pid).peak - before.rss;
    const summary = (await res.json()) as ImportSummary;
    const document = (
      await server.api<Document>('GET', `/api/projects/${project.id}/documents/${summary.documents[0]!.id}`)
    ).body;
    const sha256 = hash.digest('hex');
    expect(document.source).toMatchObject({ kind: 'audio', bytes: total, sha256 });
    expect(readdirSync(join(dataDir, 'blobs', sha256.slice(0, 2)))).toEqual([sha256]);
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  }, 180_000);

  it('removes at start kept files no document uses once they are an hour old, and unfinished writes', async () => {
    dataDir = tempDir('concord-kept-');
    const blobs = join(dataDir, 'blobs');
    const file = (sha: string, hoursOld: number) => {
      mkdirSync(join(blobs, sha.slice(0, 2)), { recursive: true });
      const path = join(blobs, sha.slice(0, 2), sha);
      writeFileSync(path, sha);
      const at = new Date(Date.now() - hoursOld * 3600_000);
      utimesSync(path, at, at);
      return path;
    };
    const old = file('a'.repeat(64), 2);
    const recent = file('b'.repeat(64), 0);
    mkdirSync(join(blobs, 'tmp'), { recursive: true });
    writeFileSync(join(blobs, 'tmp', 'interrupted'), 'half a file');
    // The sweep runs before the server says it listens.
    server = await startChildServer({ DATA_DIR: dataDir });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(readdirSync(join(blobs, 'tmp'))).toEqual([]);
  }, 60_000);
});
