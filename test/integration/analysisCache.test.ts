/**
 * The analysis reads each document once and keeps it while its rooms' log positions stay the
 * same: after one coding changes, answering again reads only the changed document. Observed on
 * the room registry: rooms of unchanged documents stay unloaded.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ config: { roomUnloadMs: 50 } });
});
afterAll(async () => {
  await server.destroy();
});

/** Codes `[start, end)` (code points) with `codeId` in a layer, on the server's behalf. */
async function codeOnServer(docId: string, layer: string, id: string, start: number, end: number) {
  await server.app.registry.withRoom(roomName.text(docId), (text) =>
    server.app.registry.change(roomName.layer(docId, layer), (doc) =>
      addCoding(doc, text.doc, {
        id,
        codeId: 'c',
        start,
        end,
        author: layer,
        now: new Date(0).toISOString(),
      }),
    ),
  );
}

describe('analysis cache', () => {
  it('reads again only the document whose coding changed', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Cache' })).body;
    const docs: Document[] = [];
    for (const title of ['One', 'Two'])
      docs.push(
        (
          await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
            title,
            text: 'Alpha beta gamma.',
          })
        ).body,
      );
    const [one, two] = docs as [Document, Document];
    await server.app.registry.change(roomName.codebook(project.id), (doc) =>
      putCode(doc, { id: 'c', name: 'C', parentId: null, color: '#123456', description: '', order: 0 }),
    );
    const layer = server.admin.id;
    await codeOnServer(one.id, layer, 'x1', 0, 5);
    await codeOnServer(two.id, layer, 'x2', 6, 10);
    const rooms = (d: Document) => [roomName.text(d.id), roomName.layer(d.id, layer)];
    const loaded = (d: Document) => rooms(d).filter((r) => server.app.registry.peek(r) !== null);
    const total = async () =>
      (await server.api<{ total: number }>('GET', `/api/projects/${project.id}/segments`)).body.total;

    expect(await total()).toBe(2);
    // New texts are indexed for search shortly after they arrive, which reads their rooms too:
    // wait for that, so only the analysis can bring a room back below.
    await vi.waitFor(async () => expect((await server.app.storage.search.versions(project.id)).size).toBe(2));
    await vi.waitFor(() => expect([...loaded(one), ...loaded(two)]).toEqual([]));
    await codeOnServer(one.id, layer, 'x3', 11, 16);
    expect(await total()).toBe(3);
    // Document One was read again (its rooms are back in memory); Two came from the cache.
    expect(loaded(two)).toEqual([]);
    // And the answer for Two is still right after its rooms left memory.
    const two_ = await server.api<{ segments: { text: string }[] }>(
      'GET',
      `/api/projects/${project.id}/segments?document=${two.id}`,
    );
    expect(two_.body.segments.map((s) => s.text)).toEqual(['beta']);
    expect(loaded(two)).toEqual([]);
  });
});
