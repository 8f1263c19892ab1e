/**
 * A kept file shared by imports and documents that come and go at the same time
 * (docs/sources.md, "Where the files are kept"): a file an import has stored but not yet
 * committed is never deleted under it — neither by another import's failure nor by the deletion
 * of another document with the same bytes — while a file kept for long still goes at once with
 * its last document, and one written within the grace period goes with the sweep.
 *
 * The import under way is held between its put and its commit by its PDF reader, a dependency
 * the server takes: it waits for the test to release it, then reads the PDF for real. Run against
 * files under DATA_DIR and, when CONCORD_TEST_DATABASE_URL is set, against PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../server/app.ts';
import type { AppConfig } from '../../server/config.ts';
import type { ReadPdf } from '../../server/services/import/documents.ts';
import { extractPdfText } from '../../server/services/import/pdf.ts';
import type { ErrorBody } from '../../shared/errors.ts';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { makeWav } from '../helpers/media.ts';
import { twoPagePdf } from '../helpers/pdf.ts';
import { createAdminToken, startScaleInstance } from '../helpers/scaleServer.ts';
import { startServer } from '../helpers/server.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, uniqueName } from '../helpers/services.ts';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const HOUR = 3600_000;

/** A running server, whichever its backend. */
interface Kit {
  app: App;
  http: string;
  token: string;
  /** Sets when the kept file was last written to `ms` ago, as if written then. */
  age(sha256: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

type StartKit = (options: { readPdf: ReadPdf; config?: Partial<AppConfig> }) => Promise<Kit>;

/** A PDF reader that holds PDFs named `slow…` until released, then reads them for real. */
function heldReader() {
  let reached!: () => void;
  const reachedP = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const readPdf: ReadPdf = async (data, what) => {
    if (what.startsWith('slow')) {
      reached();
      await released;
    }
    return extractPdfText(data, what);
  };
  return { readPdf, reached: reachedP, release };
}

async function importFiles<T = ImportSummary>(
  kit: Kit,
  projectId: string,
  files: { name: string; data: string | Uint8Array }[],
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  for (const f of files)
    form.append('file', new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)]), f.name);
  const res = await fetch(`${kit.http}/api/projects/${projectId}/documents/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kit.token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function request(kit: Kit, method: string, path: string, body?: unknown) {
  const res = await fetch(`${kit.http}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${kit.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function newProject(kit: Kit): Promise<string> {
  const res = await fetch(`${kit.http}/api/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kit.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Shared files' }),
  });
  return ((await res.json()) as Project).id;
}

/** The document of an import that holds the kept file `sha256`. */
async function documentWith(kit: Kit, projectId: string, summary: ImportSummary, sha256: string) {
  for (const d of summary.documents) {
    const res = await fetch(`${kit.http}/api/projects/${projectId}/documents/${d.id}`, {
      headers: { authorization: `Bearer ${kit.token}` },
    });
    const document = (await res.json()) as Document;
    if (document.source?.sha256 === sha256) return document.id;
  }
  throw new Error(`no document of the import holds ${sha256}`);
}

function races(backend: string, start: StartKit): void {
  describe(`kept files shared while imports run: ${backend}`, () => {
    let kit: Kit | null = null;
    afterEach(async () => {
      await kit?.close();
      kit = null;
    });

    it("another import's failure does not delete a file an import has stored but not committed", async () => {
      const held = heldReader();
      kit = await start({ readPdf: held.readPdf });
      const project = await newProject(kit);
      const wav = makeWav({ seconds: 0.5, sampleRate: 7000 });
      // B: the recording is stored, then B waits in its PDF reader, before its commit.
      const b = importFiles(kit, project, [
        { name: 'x.wav', data: wav },
        { name: 'slow.pdf', data: twoPagePdf() },
      ]);
      await held.reached;
      // A: the same recording and a PDF that cannot be read: A fails and cleans up after itself.
      const a = await importFiles(kit, project, [
        { name: 'x.wav', data: wav },
        { name: 'bad.pdf', data: 'not a PDF at all' },
      ]);
      expect(a.status).toBe(400);
      expect(await kit.app.services.blobs.stat(sha(wav))).toMatchObject({ bytes: wav.length });
      held.release();
      const done = await b;
      expect(done.status).toBe(201);
      const id = await documentWith(kit, project, done.body, sha(wav));
      const file = await request(kit, 'GET', `/api/projects/${project}/documents/${id}/file`);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(wav)).toBe(true);
      // Referenced now: no sweep takes it, however old it grows.
      await kit.age(sha(wav), 2 * HOUR);
      expect(await kit.app.sweepKeptFiles()).toBe(0);
      expect(await kit.app.services.blobs.stat(sha(wav))).not.toBeNull();
    });

    it('deleting another document with the same file during an import leaves the file to it', async () => {
      const held = heldReader();
      kit = await start({ readPdf: held.readPdf });
      const project = await newProject(kit);
      const wav = makeWav({ seconds: 0.5, sampleRate: 6000 });
      const first = await importFiles(kit, project, [{ name: 'first.wav', data: wav }]);
      expect(first.status).toBe(201);
      // Kept for long: its last document's deletion alone would delete it at once.
      await kit.age(sha(wav), 2 * HOUR);
      const b = importFiles(kit, project, [
        { name: 'again.wav', data: wav },
        { name: 'slow.pdf', data: twoPagePdf() },
      ]);
      await held.reached;
      const removed = await request(
        kit,
        'DELETE',
        `/api/projects/${project}/documents/${first.body.documents[0]!.id}`,
      );
      expect(removed.status).toBe(204);
      expect(await kit.app.services.blobs.stat(sha(wav))).not.toBeNull();
      held.release();
      const done = await b;
      expect(done.status).toBe(201);
      const id = await documentWith(kit, project, done.body, sha(wav));
      const file = await request(kit, 'GET', `/api/projects/${project}/documents/${id}/file`);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(wav)).toBe(true);
    });

    it('an import whose file is gone by its commit fails, and lists no document without its file', async () => {
      const held = heldReader();
      kit = await start({ readPdf: held.readPdf });
      const project = await newProject(kit);
      const wav = makeWav({ seconds: 0.5, sampleRate: 5500 });
      const b = importFiles<ErrorBody>(kit, project, [
        { name: 'gone.wav', data: wav },
        { name: 'slow.pdf', data: twoPagePdf() },
      ]);
      await held.reached;
      // As a sweep would once the import has taken longer than the grace period.
      await kit.app.services.blobs.delete(sha(wav));
      held.release();
      const done = await b;
      expect(done.status).toBe(409);
      expect(done.body.error.message).toContain(
        'gone.wav was removed from storage before the import finished',
      );
      const listed = await request(kit, 'GET', `/api/projects/${project}/documents`);
      expect(JSON.parse(listed.bytes.toString('utf8'))).toEqual([]);
    });

    it('a file kept for long goes at once with its last document', async () => {
      kit = await start({ readPdf: extractPdfText });
      const project = await newProject(kit);
      const wav = makeWav({ seconds: 0.4, sampleRate: 5000 });
      const imported = await importFiles(kit, project, [{ name: 'old.wav', data: wav }]);
      await kit.age(sha(wav), 2 * HOUR);
      const id = imported.body.documents[0]!.id;
      expect((await request(kit, 'DELETE', `/api/projects/${project}/documents/${id}`)).status).toBe(204);
      expect(await kit.app.services.blobs.stat(sha(wav))).toBeNull();
    });

    it('a file written within the grace period waits for the sweep, which deletes it once older', async () => {
      // Sweeps every 50 ms, as a server does every 10 minutes.
      kit = await start({ readPdf: extractPdfText, config: { keptFileSweepMs: 50 } });
      const project = await newProject(kit);
      const wav = makeWav({ seconds: 0.3, sampleRate: 5000 });
      const failed = await importFiles(kit, project, [
        { name: 'y.wav', data: wav },
        { name: 'bad.pdf', data: 'not a PDF either' },
      ]);
      expect(failed.status).toBe(400);
      // Written moments ago: it might be another import's, so neither the failure nor a sweep deletes it.
      expect(await kit.app.sweepKeptFiles()).toBe(0);
      expect(await kit.app.services.blobs.stat(sha(wav))).not.toBeNull();
      await kit.age(sha(wav), 2 * HOUR);
      await vi.waitFor(async () => expect(await kit!.app.services.blobs.stat(sha(wav))).toBeNull(), {
        timeout: 10_000,
        interval: 20,
      });
    });
  });
}

races('files under DATA_DIR', async ({ readPdf, config }) => {
  const server = await startServer({ readPdf, config });
  return {
    app: server.app,
    http: server.http,
    token: server.token,
    async age(sha256, ms) {
      const at = new Date(Date.now() - ms);
      await utimes(join(server.dataDir, 'blobs', sha256.slice(0, 2), sha256), at, at);
    },
    close: () => server.destroy(),
  };
});

describe.skipIf(skipWithout('kept files shared while imports run, in PostgreSQL', { database: true }))(
  'PostgreSQL',
  () => {
    races('PostgreSQL', async ({ readPdf, config }) => {
      const schema = await createTestSchema(TEST_DATABASE_URL!);
      let token = '';
      const instance = await startScaleInstance({
        databaseUrl: TEST_DATABASE_URL!,
        schema: schema.name,
        channelPrefix: `${uniqueName('concord-test-')}:`,
        instanceId: 'races',
        token: () => token,
        readPdf,
        config,
      });
      token = await createAdminToken(instance.app);
      return {
        app: instance.app,
        http: instance.http,
        token,
        async age(sha256, ms) {
          const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
          await db.connect();
          try {
            await db.query(`update ${schema.name}.blobs set stored_at = $1 where sha256 = $2`, [
              new Date(Date.now() - ms).toISOString(),
              sha256,
            ]);
          } finally {
            await db.end();
          }
        },
        async close() {
          await instance.close();
          await schema.drop();
        },
      };
    });
  },
);
