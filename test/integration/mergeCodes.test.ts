/** Merging two codes re-points every coding in every layer and removes the source code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomName } from '../../shared/protocol.ts';
import { readCodebook } from '../../shared/model/codebook.ts';
import type { AuditEntry, Code, Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let project: Project;
let members: Awaited<ReturnType<TestServer['loadDemo']>>['members'];
const clients: Client[] = [];

beforeAll(async () => {
  server = await startServer();
  ({ project, members } = await server.loadDemo());
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

/** How many codings use each code, over every document and layer. */
async function codeCounts(): Promise<Map<string, number>> {
  const docs = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
  const counts = new Map<string, number>();
  for (const d of docs) {
    const coded = await server.api<{ codings: { code: string }[] }>(
      'GET',
      `/api/projects/${project.id}/documents/${d.id}/codings`,
    );
    for (const c of coded.body.codings) counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  }
  return counts;
}

describe('merging codes', () => {
  it('re-points codings, moves children, removes the source, and audits it; live clients see it', async () => {
    const codebook = (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
    const before = await codeCounts();
    const [source, target] = codebook.filter((c) => c.parentId !== null && (before.get(c.id) ?? 0) > 0);
    const theme = codebook.find((c) => c.parentId === null)!;
    const watcher = connect(server.ws, roomName.codebook(project.id), server.token);
    clients.push(watcher);
    await synced(watcher);

    const reviewer = members.find((m) => m.role === 'reviewer')!;
    const res = await server.api<{ recoded: number; layers: number }>(
      'POST',
      `/api/projects/${project.id}/codes/merge`,
      { sourceId: source!.id, targetId: target!.id },
      reviewer.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.recoded).toBe(before.get(source!.id));
    const after = await codeCounts();
    expect(after.has(source!.id)).toBe(false);
    expect(after.get(target!.id)).toBe((before.get(target!.id) ?? 0) + (before.get(source!.id) ?? 0));
    const codes = (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
    expect(codes.map((c) => c.id)).not.toContain(source!.id);
    await expect.poll(() => readCodebook(watcher.doc).codes.some((c) => c.id === source!.id)).toBe(false);

    // Merging a theme into another theme: its codes move up to the top level.
    const themeChildren = codes.filter((c) => c.parentId === theme.id).map((c) => c.id);
    const otherTheme = codes.find((c) => c.parentId === null && c.id !== theme.id)!;
    expect(
      (
        await server.api('POST', `/api/projects/${project.id}/codes/merge`, {
          sourceId: theme.id,
          targetId: otherTheme.id,
        })
      ).status,
    ).toBe(200);
    const final = (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
    for (const id of themeChildren) expect(final.find((c) => c.id === id)?.parentId).toBeNull();

    const audit = await server.api<AuditEntry[]>('GET', `/api/projects/${project.id}/audit`);
    expect(
      audit.body.find((e) => e.action === 'code.merge' && e.actorId === reviewer.id)?.details,
    ).toMatchObject({
      sourceId: source!.id,
      targetId: target!.id,
    });
  });

  it('refuses coders, self-merges, merging into a descendant and unknown codes', async () => {
    const codebook = (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
    const child = codebook.find((c) => c.parentId !== null)!;
    const coder = members.find((m) => m.role === 'coder')!;
    const path = `/api/projects/${project.id}/codes/merge`;
    expect(
      (await server.api('POST', path, { sourceId: child.id, targetId: child.parentId }, coder.token)).status,
    ).toBe(403);
    expect((await server.api('POST', path, { sourceId: child.id, targetId: child.id })).status).toBe(400);
    expect((await server.api('POST', path, { sourceId: child.parentId, targetId: child.id })).status).toBe(
      400,
    );
    expect((await server.api('POST', path, { sourceId: 'nope', targetId: child.id })).status).toBe(404);
  });
});
