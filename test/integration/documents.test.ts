/**
 * Renaming, re-attributing and deleting documents over real HTTP and real sockets: who may, what
 * is audited, and that a deleted document is gone everywhere — its rooms from storage, its live
 * connections closed with a reason, and its codings from exports and agreement.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { textMeta } from '../../shared/model/text.ts';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import type { AuditEntry, Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { openSse } from '../helpers/sse.ts';
import { download, upload } from '../helpers/transfer.ts';

let server: TestServer;
let demo: Project;
let members: Awaited<ReturnType<TestServer['loadDemo']>>['members'];

beforeAll(async () => {
  server = await startServer();
  const loaded = await server.loadDemo();
  demo = loaded.project;
  members = loaded.members;
});
afterAll(async () => {
  await server.destroy();
});

/** Every file of a zip archive (a .qdpx) as text. */
async function unzipText(data: Buffer): Promise<string> {
  const archive = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  let all = '';
  for await (const entry of archive.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await archive.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    all += `${entry.fileName}\n${Buffer.concat(chunks).toString('utf8')}\n`;
  }
  return all;
}

const documentsOf = async (projectId: string) =>
  (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;

/** A member of the demo project with the role, added when the demo has none. */
async function memberWithRole(role: 'coder' | 'viewer' | 'reviewer'): Promise<{ id: string; token: string }> {
  const { user, token } = await server.user(`${role} ${Math.random().toString(36).slice(2, 8)}`);
  const res = await server.api('POST', `/api/projects/${demo.id}/members`, { userId: user.id, role });
  expect(res.status).toBe(201);
  return { id: user.id, token };
}

describe('renaming and attributes', () => {
  it('renames a document in the list and in its text room, audited', async () => {
    const reviewer = await memberWithRole('reviewer');
    const [first] = await documentsOf(demo.id);
    const res = await server.api<Document>(
      'PATCH',
      `/api/projects/${demo.id}/documents/${first!.id}`,
      { title: 'Interview with the ward manager' },
      reviewer.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Interview with the ward manager');
    expect((await documentsOf(demo.id)).find((d) => d.id === first!.id)?.title).toBe(
      'Interview with the ward manager',
    );
    const meta = await server.app.registry.withRoom(roomName.text(first!.id), (room) =>
      textMeta(room.doc).get('title'),
    );
    expect(meta).toBe('Interview with the ward manager');
    const log = (await server.api<AuditEntry[]>('GET', `/api/projects/${demo.id}/audit`)).body;
    expect(log.find((e) => e.action === 'document.rename')).toMatchObject({
      actorId: reviewer.id,
      details: { documentId: first!.id, from: first!.title, to: 'Interview with the ward manager' },
    });
  });

  it('replaces attributes, which the codings export then carries', async () => {
    const [, second] = await documentsOf(demo.id);
    const attributes = { ...second!.attributes, participant: 'P7', site: 'North' };
    const res = await server.api<Document>('PATCH', `/api/projects/${demo.id}/documents/${second!.id}`, {
      attributes,
    });
    expect(res.status).toBe(200);
    expect(res.body.attributes).toEqual(attributes);
    const csv = (await download(server, `/api/projects/${demo.id}/export/codings.csv`)).body.toString('utf8');
    const header = csv.split('\n')[0]!;
    expect(header).toContain('participant');
    expect(csv).toContain('P7');
    const log = (await server.api<AuditEntry[]>('GET', `/api/projects/${demo.id}/audit`)).body;
    expect(log.find((e) => e.action === 'document.attributes')?.details).toMatchObject({ attributes });
  });

  it('refuses bad changes with the field named, and coders and viewers', async () => {
    const [first] = await documentsOf(demo.id);
    const path = `/api/projects/${demo.id}/documents/${first!.id}`;
    const empty = await server.api<{ error: { issues?: { path: string }[] } }>('PATCH', path, {
      title: '  ',
    });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('title is required');
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, 'x']));
    expect((await server.api('PATCH', path, { attributes: tooMany })).status).toBe(400);
    expect((await server.api('PATCH', path, {})).status).toBe(400);
    for (const role of ['coder', 'viewer'] as const) {
      const { token } = await memberWithRole(role);
      expect((await server.api('PATCH', path, { title: 'Mine now' }, token)).status).toBe(403);
      expect((await server.api('DELETE', path, undefined, token)).status).toBe(403);
    }
    expect(
      (await server.api('PATCH', `/api/projects/${demo.id}/documents/nope`, { title: 'x' })).status,
    ).toBe(404);
  });
});

describe('names that every object has, control characters and twice-given names', () => {
  it('refuses them at the field on every route that takes a title or attributes, and changes nothing', async () => {
    const [first] = await documentsOf(demo.id);
    const path = `/api/projects/${demo.id}/documents/${first!.id}`;
    const before = (await server.api<Document>('GET', path)).body;
    const auditBefore = (await server.api<AuditEntry[]>('GET', `/api/projects/${demo.id}/audit`)).body.length;
    const refusals: [string, Record<string, unknown>, string][] = [
      [
        path,
        { attributes: { constructor: 'y', toString: 'z' } },
        '“constructor” cannot be an attribute name',
      ],
      [path, { attributes: { ['__proto__']: 'x' } }, '“__proto__” cannot be an attribute name'],
      [path, { attributes: { site: 'a', ' site ': 'b' } }, 'the attribute “site” is given twice'],
      [path, { attributes: { 'a\nb': 'x' } }, 'attribute names cannot hold line breaks'],
      [path, { title: 'Two\nlines' }, 'a title is one line'],
      [path, { title: 'evil\u202Etxt.exe' }, 'a title is one line'],
    ];
    for (const [url, body, message] of refusals) {
      const res = await server.api<{ error: { issues?: { path: string[]; message: string }[] } }>(
        'PATCH',
        url,
        body,
      );
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.issues)).toContain(message);
    }
    const created = await server.api('POST', `/api/projects/${demo.id}/documents`, {
      title: 'Interview',
      text: 'Q: hi',
      attributes: { constructor: 'x' },
    });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain('“constructor” cannot be an attribute name');
    // Project names are titles too, on creation and on renaming.
    for (const [method, url] of [
      ['POST', '/api/projects'],
      ['PATCH', `/api/projects/${demo.id}`],
    ] as const) {
      const named = await server.api(method, url, { name: 'N\u202Eame' });
      expect(named.status, method).toBe(400);
      expect(JSON.stringify(named.body)).toContain('a project name is one line');
    }
    // Nothing was half written: the row, the room and the audit log are as they were.
    expect((await server.api<Document>('GET', path)).body).toEqual(before);
    const roomAttributes = await server.app.registry.withRoom(roomName.text(first!.id), (room) =>
      textMeta(room.doc).get('attributes'),
    );
    expect(roomAttributes).toEqual(before.attributes);
    expect((await server.api<AuditEntry[]>('GET', `/api/projects/${demo.id}/audit`)).body.length).toBe(
      auditBefore,
    );
  });

  it('an import from another tool keeps such attributes under a safe name instead', async () => {
    const res = await upload<{ documents: Document[] }>(server, `/api/projects/${demo.id}/documents/import`, [
      { name: 'x\u202E.txt', data: Buffer.from('Interviewer: Hello\nP1: Hi\n') },
    ]);
    expect(res.status).toBe(201);
    const [doc] = res.body.documents;
    expect(doc!.title).toBe('x');
  });
});

describe('attributes of new documents', () => {
  it('a pasted transcript gets its speakers as an attribute, its text kept as sent', async () => {
    const text =
      'Interviewer: How did it start?\nP1: With a phone call.\nInterviewer: And then?\nP1: A meeting.\n';
    const res = await server.api<Document>('POST', `/api/projects/${demo.id}/documents`, {
      title: 'Pasted interview',
      text,
      attributes: { site: 'South' },
    });
    expect(res.status).toBe(201);
    expect(res.body.attributes).toEqual({ site: 'South', speakers: 'Interviewer, P1' });
    const stored = await server.app.registry.withRoom(roomName.text(res.body.id), (room) =>
      room.doc.getText('content').toString(),
    );
    expect(stored).toBe(text);
  });
});

describe('deleting a document', () => {
  it('removes its rooms, closes live connections with a reason, and leaves exports and agreement', async () => {
    const documents = await documentsOf(demo.id);
    // The demo's documents carry codings from several coders and the consensus.
    let victim: Document | undefined;
    for (const d of documents) {
      if ((await server.app.storage.listRooms(`layer:${d.id}:`)).length >= 2) {
        victim = d;
        break;
      }
    }
    expect(victim).toBeDefined();
    const id = victim!.id;
    const csvBefore = (await download(server, `/api/projects/${demo.id}/export/codings.csv`)).body.toString(
      'utf8',
    );
    expect(csvBefore).toContain(victim!.title);

    const coder = members.find((m) => m.role === 'coder') ?? members[0]!;
    const clients: Client[] = [
      connect(server.ws, roomName.text(id), coder.token),
      connect(server.ws, roomName.layer(id, coder.id), coder.token),
    ];
    const closes: { code: number; reason: string }[] = [];
    for (const c of clients) {
      await synced(c);
      c.provider.on('connection-close', (event) =>
        closes.push({ code: event?.code ?? 0, reason: event?.reason ?? '' }),
      );
    }

    const live = await openSse(`${server.http}/api/projects/${demo.id}/agreement/events?ci=0`, {
      token: server.token,
    });
    await vi.waitFor(() => expect(live.events.filter((e) => e.event === 'agreement')).toHaveLength(1), {
      timeout: 20_000,
    });
    expect(live.events[0]!.data).toContain(id);

    const res = await server.api('DELETE', `/api/projects/${demo.id}/documents/${id}`);
    expect(res.status).toBe(204);
    // The live report is sent again, without it.
    await vi.waitFor(() => expect(live.events.filter((e) => e.event === 'agreement')).toHaveLength(2), {
      timeout: 20_000,
    });
    expect(live.events.at(-1)!.data).not.toContain(id);
    live.close();
    await vi.waitFor(() => expect(closes.length).toBeGreaterThanOrEqual(2));
    expect(closes[0]).toEqual({ code: CloseCode.notFound, reason: 'this document was deleted' });
    closeAll(clients);

    expect(await server.app.storage.listRooms(roomName.text(id))).toEqual([]);
    expect(await server.app.storage.listRooms(`layer:${id}:`)).toEqual([]);
    expect(server.app.registry.peek(roomName.text(id))).toBeNull();
    expect((await documentsOf(demo.id)).map((d) => d.id)).not.toContain(id);

    const csv = (await download(server, `/api/projects/${demo.id}/export/codings.csv`)).body.toString('utf8');
    expect(csv).not.toContain(victim!.title);
    expect(csv).not.toContain(id);
    const qdpx = await unzipText((await download(server, `/api/projects/${demo.id}/export/qdpx`)).body);
    expect(qdpx).toContain('<TextSource');
    expect(qdpx).not.toContain(`name="${victim!.title}"`);
    const agreement = await server.api('GET', `/api/projects/${demo.id}/agreement?ci=0`);
    expect(agreement.status).toBe(200);
    expect(JSON.stringify(agreement.body)).not.toContain(id);

    const log = (await server.api<AuditEntry[]>('GET', `/api/projects/${demo.id}/audit`)).body;
    expect(log.find((e) => e.action === 'document.delete')?.details).toEqual({
      documentId: id,
      title: victim!.title,
    });
    expect((await server.api('DELETE', `/api/projects/${demo.id}/documents/${id}`)).status).toBe(404);
  });

  it('does not let a client re-create a deleted document by reconnecting', async () => {
    const { project, document, room } = await server.newDocument('Short text to code.', 'Doomed');
    const admin = connect(server.ws, room, server.token);
    await synced(admin);
    const closed = new Promise<number>((resolve) =>
      admin.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    expect((await server.api('DELETE', `/api/projects/${project.id}/documents/${document.id}`)).status).toBe(
      204,
    );
    expect(await closed).toBe(CloseCode.notFound);
    // The provider reconnects on its own and offers its copy: the room name is refused.
    admin.doc.getText('content').insert(0, 'late edit ');
    const late = connect(server.ws, roomName.layer(document.id, server.admin.id), server.token);
    const refused = new Promise<number>((resolve) =>
      late.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    await refused;
    closeAll([admin, late]);
    expect(await server.app.storage.listRooms(room)).toEqual([]);
    expect(await server.app.storage.listRooms(`layer:${document.id}:`)).toEqual([]);
  });
});
