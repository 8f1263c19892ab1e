/**
 * The project page's progress (`GET /api/projects/:id/progress`), kept as derived data: right
 * after codings and done marks made through real y-websocket clients, stored as rows without
 * anyone asking, rebuilt when a room moved without this instance seeing it (another instance, a
 * restart) or derived in the background after a project import, and limited in a blind round to what a coder may see. Real server, real sockets, real
 * SQLite file; the same on PostgreSQL when `CONCORD_TEST_DATABASE_URL` is set.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { studyQdpx } from '../../bench/study/archive.ts';
import { planStudy } from '../../bench/study/generate.ts';
import type { App } from '../../server/app.ts';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import type { ProjectProgress } from '../../shared/progress/progress.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startScaleInstance } from '../helpers/scaleServer.ts';
import { api, startServer, tempDir } from '../helpers/server.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';
import { upload } from '../helpers/transfer.ts';

/** A running server of one backend. */
interface Running {
  app: App;
  http: string;
  ws: string;
  stop(): Promise<void>;
}

/** Starts servers of one backend on the same database, one after the other (a restart). */
interface Backend {
  start(): Promise<Running>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dataDir = tempDir();
  return {
    async start() {
      const s = await startServer({ dataDir });
      return { app: s.app, http: s.http, ws: s.ws, stop: () => s.stop() };
    },
    async cleanup() {
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  let schema: TestSchema | null = null;
  let n = 0;
  return {
    async start() {
      schema ??= await createTestSchema(TEST_DATABASE_URL!);
      const instance = await startScaleInstance({
        databaseUrl: TEST_DATABASE_URL!,
        schema: schema.name,
        channelPrefix: 'unused',
        instanceId: `progress-${n++}`,
        token: () => '',
      });
      return { app: instance.app, http: instance.http, ws: instance.ws, stop: () => instance.close() };
    },
    async cleanup() {
      await schema?.drop();
    },
  };
}

const TEXT = 'First line.\nSecond line.\nThird line.';

const backends: [string, () => Backend, boolean][] = [
  ['SQLite', sqliteBackend, false],
  ['PostgreSQL', postgresBackend, TEST_DATABASE_URL === undefined],
];

describe.each(backends)('project progress on %s', (name, makeBackend, skip) => {
  const skipped = skip && skipWithout(`project progress on ${name}`, { database: true });
  let backend: Backend;
  let server: Running;
  let clients: Client[];

  beforeEach(async () => {
    if (skipped) return;
    backend = makeBackend();
    server = await backend.start();
    clients = [];
  });
  afterEach(async () => {
    if (skipped) return;
    closeAll(clients);
    await server.stop();
    await backend.cleanup();
  });

  /** A user with an API token. */
  async function user(label: string) {
    const email = `${label.toLowerCase().replace(/\W+/g, '.')}-${Date.now()}@test.local`;
    const created = await server.app.auth.createUser({
      email,
      name: label,
      password: 'test-password-123',
      isAdmin: false,
    });
    return { user: created, token: (await server.app.auth.createApiToken(created.id, 'tests')).token };
  }

  /** A project with one document, two coders and a reviewer, made by an administrator. */
  async function team() {
    const admin = await server.app.auth.createUser({
      email: `admin-${Date.now()}@test.local`,
      name: 'Admin',
      password: 'test-password-123',
      isAdmin: true,
    });
    const token = (await server.app.auth.createApiToken(admin.id, 'tests')).token;
    const call = <T>(method: string, path: string, body?: unknown) =>
      api<T>(server.http, method, path, body, token);
    const project = (await call<Project>('POST', '/api/projects', { name: 'Progress' })).body;
    const doc = (
      await call<Document>('POST', `/api/projects/${project.id}/documents`, { title: 'T', text: TEXT })
    ).body;
    const [a, b, reviewer] = [await user('Coder A'), await user('Coder B'), await user('Reviewer')];
    for (const [m, role] of [
      [a, 'coder'],
      [b, 'coder'],
      [reviewer, 'reviewer'],
    ] as const) {
      expect(
        (await call('POST', `/api/projects/${project.id}/members`, { userId: m.user.id, role })).status,
      ).toBe(201);
    }
    return { project, doc, a, b, reviewer, call };
  }

  /** Opens the document's text and the coder's layer over real sockets. */
  async function layerOf(docId: string, who: { user: { id: string }; token: string }) {
    const text = connect(server.ws, roomName.text(docId), who.token);
    const layer = connect(server.ws, roomName.layer(docId, who.user.id), who.token);
    clients.push(text, layer);
    await Promise.all([text, layer].map(synced));
    return {
      code(id: string, start: number, end: number) {
        addCoding(layer.doc, text.doc, {
          id,
          codeId: 'k1',
          start,
          end,
          author: who.user.id,
          now: new Date(0).toISOString(),
        });
      },
      done: () => setCompleted(layer.doc, true),
    };
  }

  const progressOf = async (projectId: string, token: string) => {
    const res = await api<ProjectProgress>(
      server.http,
      'GET',
      `/api/projects/${projectId}/progress`,
      undefined,
      token,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  it.skipIf(skipped)(
    'counts codings, covered code points and done marks right after changes made over sockets',
    async () => {
      const { project, doc, a, b, reviewer } = await team();
      expect(await progressOf(project.id, reviewer.token)).toEqual({
        documents: [{ documentId: doc.id, length: 0, layers: [] }],
      });
      const layerA = await layerOf(doc.id, a);
      layerA.code('a1', 0, 5);
      layerA.code('a2', 3, 8);
      const layerB = await layerOf(doc.id, b);
      layerB.code('b1', 12, 18);
      layerB.done();
      const expected = [
        { coder: a.user.id, codings: 2, covered: 8, done: false },
        { coder: b.user.id, codings: 1, covered: 6, done: true },
      ].sort((x, y) => (x.coder < y.coder ? -1 : 1));
      await vi.waitFor(async () =>
        expect(await progressOf(project.id, reviewer.token)).toEqual({
          documents: [{ documentId: doc.id, length: [...TEXT].length, layers: expected }],
        }),
      );
    },
  );

  it.skipIf(skipped)('stores the figures as rows when a layer changes, before anyone asks', async () => {
    const { project, doc, a } = await team();
    const layerA = await layerOf(doc.id, a);
    layerA.code('a1', 0, 5);
    await vi.waitFor(
      async () => {
        const rows = await server.app.storage.progress.listProgress(project.id);
        expect(rows.map((r) => [r.coder, r.codings, r.covered, r.done])).toEqual([[a.user.id, 1, 5, false]]);
      },
      { timeout: 10_000, interval: 50 },
    );
    layerA.done();
    await vi.waitFor(
      async () => {
        const rows = await server.app.storage.progress.listProgress(project.id);
        expect(rows.map((r) => r.done)).toEqual([true]);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it.skipIf(skipped)(
    'in a blind round shows a coder their own layer only, a reviewer everyone’s',
    async () => {
      const { project, doc, a, b, reviewer, call } = await team();
      const layerA = await layerOf(doc.id, a);
      layerA.code('a1', 0, 5);
      const layerB = await layerOf(doc.id, b);
      layerB.code('b1', 0, 11);
      layerB.done();
      expect((await call('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
      await vi.waitFor(async () =>
        expect((await progressOf(project.id, reviewer.token)).documents[0]!.layers).toHaveLength(2),
      );
      await vi.waitFor(async () => {
        const byA = (await progressOf(project.id, a.token)).documents[0]!;
        expect(byA.layers).toEqual([{ coder: a.user.id, codings: 1, covered: 5, done: false }]);
      });
      const byB = (await progressOf(project.id, b.token)).documents[0]!;
      expect(byB.layers).toEqual([{ coder: b.user.id, codings: 1, covered: 11, done: true }]);

      // A document only B has coded tells A nothing, not even its length (which would show that
      // somebody has started on it).
      const second = (
        await call<Document>('POST', `/api/projects/${project.id}/documents`, { title: 'U', text: TEXT })
      ).body;
      (await layerOf(second.id, b)).code('b2', 0, 4);
      await vi.waitFor(async () =>
        expect(
          (await progressOf(project.id, reviewer.token)).documents.find((d) => d.documentId === second.id)!
            .layers,
        ).toHaveLength(1),
      );
      const secondByA = (await progressOf(project.id, a.token)).documents.find(
        (d) => d.documentId === second.id,
      );
      expect(secondByA).toEqual({ documentId: second.id, length: 0, layers: [] });
      const outsider = await user('Outsider');
      const refused = await api(
        server.http,
        'GET',
        `/api/projects/${project.id}/progress`,
        undefined,
        outsider.token,
      );
      expect(refused.status).toBe(404);
    },
  );

  it.skipIf(skipped)(
    'rebuilds what moved without this instance seeing it, and keeps the rest across a restart',
    async () => {
      const { project, doc, a, b, reviewer } = await team();
      const layerA = await layerOf(doc.id, a);
      layerA.code('a1', 0, 5);
      await vi.waitFor(async () =>
        expect((await progressOf(project.id, reviewer.token)).documents[0]!.layers).toHaveLength(1),
      );
      closeAll(clients.splice(0));
      await server.stop();

      // B's coding is written straight into the log while no server runs, as another instance
      // whose change this one never heard of would write it.
      server = await backend.start();
      const { storage } = server.app;
      const textDoc = new Y.Doc();
      const textLog = await storage.loadRoom(roomName.text(doc.id));
      if (textLog.snapshot) Y.applyUpdate(textDoc, textLog.snapshot);
      for (const u of textLog.updates) Y.applyUpdate(textDoc, u.data);
      const layerDoc = new Y.Doc();
      addCoding(layerDoc, textDoc, {
        id: 'b1',
        codeId: 'k1',
        start: 12,
        end: 18,
        author: b.user.id,
        now: new Date(0).toISOString(),
      });
      await storage.appendUpdates(roomName.layer(doc.id, b.user.id), [Y.encodeStateAsUpdate(layerDoc)]);
      // A's row survived the restart as it was stored.
      expect((await storage.progress.listProgress(project.id)).map((r) => [r.coder, r.codings])).toEqual([
        [a.user.id, 1],
      ]);

      const after = (await progressOf(project.id, reviewer.token)).documents[0]!;
      expect(after.layers).toEqual(
        [
          { coder: a.user.id, codings: 1, covered: 5, done: false },
          { coder: b.user.id, codings: 1, covered: 6, done: false },
        ].sort((x, y) => (x.coder < y.coder ? -1 : 1)),
      );
      expect((await storage.progress.listProgress(project.id)).length).toBe(2);
    },
  );
});

describe('project progress after a project import', () => {
  it('is derived for every document in the background, before anyone asks, and answers the import’s codings', async () => {
    const server = await startServer();
    try {
      const plan = planStudy({ documents: 20, words: 60, seed: 5 });
      const { archive, counts } = studyQdpx(plan);
      const chunks: Buffer[] = [];
      for await (const chunk of archive) chunks.push(chunk as Buffer);
      const res = await upload<ImportedProject>(server, '/api/projects/import', [
        { name: 'study.qdpx', data: Buffer.concat(chunks) },
      ]);
      expect(res.status).toBe(201);
      const layers = plan.assignments.reduce((n, a) => n + a.coders.length + (a.consensus ? 1 : 0), 0);
      await vi.waitFor(
        async () => expect(await server.app.storage.progress.listProgress(res.body.id)).toHaveLength(layers),
        { timeout: 20_000, interval: 50 },
      );
      const answer = (await server.api<ProjectProgress>('GET', `/api/projects/${res.body.id}/progress`)).body;
      expect(answer.documents).toHaveLength(20);
      const codings = answer.documents.flatMap((d) => d.layers).reduce((n, l) => n + l.codings, 0);
      expect(codings).toBe(counts.codings);
    } finally {
      await server.destroy();
    }
  });
});
