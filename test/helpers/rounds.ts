/**
 * Fixtures for reliability-round tests on a real server: a study (project, transcripts of three
 * paragraphs, a team in roles, codes) and coding whole paragraphs in a layer over real sockets.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project, Role } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from './clients.ts';
import { startServer, type TestServer } from './server.ts';

/** A team member: the user, their API token and password. */
export type Member = Awaited<ReturnType<TestServer['user']>>;

/** The transcript every study document holds: three paragraphs. */
export const PARAGRAPHS_TEXT = 'First answer.\n\nSecond answer.\n\nThird answer.';
/** Where each paragraph of {@link PARAGRAPHS_TEXT} starts (UTF-16 offsets); a coding spans its first 6 characters. */
export const PARAGRAPH_STARTS: readonly number[] = [0, 15, 31];

/** The current test's server and the sockets it opened (closed after the test). */
export interface ServerPerTest {
  server: TestServer;
  clients: Client[];
}

/**
 * Starts a real server (port 0, SQLite in a temporary folder) before each test of the calling file,
 * and after it closes the clients the test pushed and destroys the server. Read the fields inside
 * tests and hooks only: they are set once `beforeEach` has run.
 */
export function serverPerTest(): ServerPerTest {
  const ctx = { clients: [] as Client[] } as ServerPerTest;
  beforeEach(async () => {
    ctx.server = await startServer();
    ctx.clients = [];
  });
  afterEach(async () => {
    closeAll(ctx.clients);
    await ctx.server.destroy();
  });
  return ctx;
}

/** What {@link createStudy} builds. */
export interface StudyOptions {
  /** The project's name. */
  name: string;
  /** One document per entry, created in this order, each holding {@link PARAGRAPHS_TEXT}. */
  documents: { title: string; attributes?: Record<string, string> }[];
  /** Users created and added to the project in these roles, as `[display name, role]`. */
  team: (readonly [string, Role])[];
  /** Codes put into the project's codebook. */
  codes: Code[];
}

/**
 * Creates a project (as the administrator) with its documents, team and codebook.
 *
 * @returns the project, its documents and the members in the order of `options.team`.
 */
export async function createStudy(
  server: TestServer,
  options: StudyOptions,
): Promise<{ project: Project; docs: Document[]; members: Member[] }> {
  const project = (await server.api<Project>('POST', '/api/projects', { name: options.name })).body;
  const docs: Document[] = [];
  for (const { title, attributes } of options.documents)
    docs.push(
      (
        await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title,
          text: PARAGRAPHS_TEXT,
          ...(attributes ? { attributes } : {}),
        })
      ).body,
    );
  const members = await Promise.all(options.team.map(([name]) => server.user(name)));
  for (const [i, m] of members.entries())
    await server.api('POST', `/api/projects/${project.id}/members`, {
      userId: m.user.id,
      role: options.team[i]![1],
    });
  await server.app.registry.change(roomName.codebook(project.id), (doc) => {
    for (const code of options.codes) putCode(doc, code);
  });
  return { project, docs, members };
}

/**
 * Codes `[codeId, paragraph]` pairs (paragraphs 0-based) of a document in one layer over real
 * sockets, marks the document done there, and waits until the server has stored the layer.
 *
 * @param ctx the test's server; the sockets opened here join its clients, closed after the test.
 * @param layerKey the layer's key: the coder's own by default, or a recode key.
 * @returns the text and layer clients, still open.
 */
export async function codeParagraphs(
  { server, clients }: ServerPerTest,
  docId: string,
  coder: Member,
  codings: (readonly [string, number])[],
  layerKey: string = coder.user.id,
): Promise<{ text: Client; layer: Client }> {
  const text = connect(server.ws, roomName.text(docId), coder.token);
  const layer = connect(server.ws, roomName.layer(docId, layerKey), coder.token);
  clients.push(text, layer);
  await Promise.all([text, layer].map(synced));
  layer.doc.transact(() => {
    for (const [codeId, p] of codings)
      addCoding(layer.doc, text.doc, {
        id: `${layerKey}-${codeId}-${p}`,
        codeId,
        start: PARAGRAPH_STARTS[p]!,
        end: PARAGRAPH_STARTS[p]! + 6,
        author: coder.user.id,
        now: new Date(0).toISOString(),
      });
    setCompleted(layer.doc, true);
  });
  await vi.waitFor(async () => {
    const seqs = await server.app.storage.lastSeqs([roomName.layer(docId, layerKey)]);
    expect(seqs.size).toBe(1);
  });
  return { text, layer };
}
