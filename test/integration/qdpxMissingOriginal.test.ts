/**
 * A .qdpx export when storage cannot give an original (docs/import-export.md): a kept file
 * deleted from DATA_DIR leaves its document in the archive as text, the rest of the archive
 * whole, and says so (header and log); with PostgreSQL, a file whose rows are gone after it was
 * looked up cuts the .qdpx download off, fails the file route, and the failure is logged.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorBody } from '../../shared/errors.ts';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { Project } from '../../shared/schemas.ts';
import { makeWav } from '../helpers/media.ts';
import { createAdminToken, startScaleInstance, type ScaleInstance } from '../helpers/scaleServer.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';
import { unzipBytes, upload, xmllint } from '../helpers/transfer.ts';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A logger whose lines are kept, parsed, for the test to read. */
function keptLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('a .qdpx export with an original missing from DATA_DIR', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.destroy();
  });

  it('exports the document as text without it, the other originals whole, and says so', async () => {
    const { logger, lines } = keptLogger();
    server = await startServer({ logger });
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Lost file' })).body;
    const lost = makeWav({ seconds: 0.5, sampleRate: 6000 });
    const kept = makeWav({ seconds: 0.5, sampleRate: 7000 });
    const res = await upload<ImportSummary>(server, `/api/projects/${project.id}/documents/import`, [
      { name: 'lost.wav', data: lost },
      { name: 'lost.txt', data: 'Nurse: The words of the lost recording.' },
      { name: 'kept.wav', data: kept },
    ]);
    expect(res.status).toBe(201);
    const lostId = res.body.documents.find((d) => d.title === 'lost')!.id;
    await rm(join(server.dataDir, 'blobs', sha(lost).slice(0, 2), sha(lost)));

    const download = await fetch(`${server.http}/api/projects/${project.id}/export/qdpx`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-concord-missing-originals')).toBe('1');
    const entries = await unzipBytes(Buffer.from(await download.arrayBuffer()));
    const media = [...entries].filter(([name]) => /^sources\/.*\.wav$/.test(name));
    expect(media).toHaveLength(1);
    expect(media[0]![1].equals(kept)).toBe(true);
    const qde = entries.get('project.qde')!.toString('utf8');
    expect((await xmllint(qde)).ok).toBe(true);
    // Both recordings are sources; the lost one without a path, its transcript still there.
    expect(qde.match(/<AudioSource /g)).toHaveLength(2);
    expect(qde.match(/<AudioSource [^>]*path="internal:\/\//g)).toHaveLength(1);
    const texts = [...entries].filter(([name]) => name.endsWith('.txt')).map(([, b]) => b.toString('utf8'));
    expect(texts).toContain('Nurse: The words of the lost recording.');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, projectId: project.id, documentIds: [lostId] }),
    );
  });
});

describe.skipIf(skipWithout('a .qdpx export whose original fails while streaming', { database: true }))(
  'a .qdpx export whose original fails while streaming, in PostgreSQL',
  () => {
    let schema: TestSchema;
    let instance: ScaleInstance;
    afterEach(async () => {
      await instance.close();
      await schema.drop();
    });

    it('is cut off, and the failure is logged', { timeout: 30_000 }, async () => {
      const { logger, lines } = keptLogger();
      schema = await createTestSchema(TEST_DATABASE_URL!);
      let token = '';
      instance = await startScaleInstance({
        databaseUrl: TEST_DATABASE_URL!,
        schema: schema.name,
        channelPrefix: `${uniqueName('concord-test-')}:`,
        instanceId: 'export',
        token: () => token,
        logger,
      });
      token = await createAdminToken(instance.app);
      const project = (await instance.api<Project>('POST', '/api/projects', { name: 'Broken rows' })).body;
      const wav = makeWav({ seconds: 1, sampleRate: 8000 });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(wav)]), 'broken.wav');
      const imported = await fetch(`${instance.http}/api/projects/${project.id}/documents/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(imported.status).toBe(201);
      // The file is listed (it passes the check before the first byte) but its bytes are gone.
      const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      try {
        await db.query(`delete from ${schema.name}.blob_chunks`);
      } finally {
        await db.end();
      }
      const download = await fetch(`${instance.http}/api/projects/${project.id}/export/qdpx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('x-concord-missing-originals')).toBe('0');
      await expect(download.arrayBuffer()).rejects.toThrow();
      await vi.waitFor(() =>
        expect(lines).toContainEqual(
          expect.objectContaining({ level: 50, msg: 'export: failed while streaming, download cut off' }),
        ),
      );
      // The file route, the same.
      const id = ((await imported.json()) as ImportSummary).documents[0]!.id;
      const file = await fetch(`${instance.http}/api/projects/${project.id}/documents/${id}/file`, {
        headers: { authorization: `Bearer ${token}` },
      });
      // It failed before its first byte: an error the client can read, rather than a cut socket.
      expect(file.status).toBe(500);
      expect(((await file.json()) as ErrorBody).error.message).toContain('could not be read from storage');
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 50,
          documentId: id,
          msg: 'file route: the kept file failed while streaming',
        }),
      );
    });
  },
);
