/** Settled disagreements reach the audit log; only those who write the consensus may settle them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Document, Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let project: Project;
let document: Document;
let members: Awaited<ReturnType<TestServer['loadDemo']>>['members'];

beforeAll(async () => {
  server = await startServer();
  ({ project, members } = await server.loadDemo());
  document = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body[0]!;
});
afterAll(async () => {
  await server.destroy();
});

const body = () => ({
  documentId: document.id,
  region: 'rabc123',
  start: 10,
  end: 40,
  codes: [],
  decision: { kind: 'accept', coders: [members[0]!.id] },
});

describe('review decisions', () => {
  it('records a reviewer’s decision in the audit log', async () => {
    const reviewer = members.find((m) => m.role === 'reviewer')!;
    const res = await server.api('POST', `/api/projects/${project.id}/reviews`, body(), reviewer.token);
    expect(res.status).toBe(204);
    const log = await server.api<AuditEntry[]>('GET', `/api/projects/${project.id}/audit`);
    const entry = log.body.find((e) => e.action === 'adjudication');
    expect(entry).toMatchObject({
      actorId: reviewer.id,
      details: { documentId: document.id, region: 'rabc123', start: 10, end: 40, decision: body().decision },
    });
  });

  it('refuses coders, bad bodies and documents of other projects', async () => {
    const coder = members.find((m) => m.role === 'coder')!;
    const path = `/api/projects/${project.id}/reviews`;
    expect((await server.api('POST', path, body(), coder.token)).status).toBe(403);
    expect((await server.api('POST', path, { ...body(), end: 5 })).status).toBe(400);
    expect((await server.api('POST', path, { ...body(), decision: { kind: 'maybe' } })).status).toBe(400);
    expect((await server.api('POST', path, { ...body(), documentId: 'nope' })).status).toBe(404);
    const outsider = await server.user('Outsider');
    expect((await server.api('POST', path, body(), outsider.token)).status).toBe(404);
  });
});
