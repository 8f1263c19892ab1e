/** The REST API and the demo project, over real HTTP and sockets. */
import { describe, expect, it } from 'vitest';
import { addCoding } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { readCodebook } from '../../shared/model/codebook.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project, User } from '../../shared/schemas.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import { readExcerpts } from '../../server/demo/demoData.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import { demoServerPerFile } from '../helpers/demo.ts';

const demo = demoServerPerFile();

describe('REST API', () => {
  it('creates and lists projects and documents', async () => {
    const created = await demo.server.api<Project>('POST', '/api/projects', { name: '  Ward study ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ward study', description: '' });
    const list = await demo.server.api<Project[]>('GET', '/api/projects');
    expect(list.body.map((p) => p.id)).toContain(created.body.id);
    const doc = await demo.server.api<Document>('POST', `/api/projects/${created.body.id}/documents`, {
      title: 'Interview 1',
      text: 'Nurse: we talk.',
      attributes: { ward: '7' },
    });
    expect(doc.status).toBe(201);
    expect(doc.body).toMatchObject({
      title: 'Interview 1',
      projectId: created.body.id,
      attributes: { ward: '7' },
    });
    const docs = await demo.server.api<Document[]>('GET', `/api/projects/${created.body.id}/documents`);
    expect(docs.body.map((d) => d.id)).toEqual([doc.body.id]);
    const coded = await demo.server.api<CodedDocument>(
      'GET',
      `/api/projects/${created.body.id}/documents/${doc.body.id}/codings`,
    );
    expect(coded.body).toMatchObject({ text: 'Nurse: we talk.', length: 15, codings: [], orphaned: [] });
  });

  it('answers bad input with JSON errors carrying zod issues', async () => {
    const bad = await demo.server.api<{ error: { code: string; issues: { path: string[] }[] } }>(
      'POST',
      '/api/projects',
      { name: '', description: 5 },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
    expect(bad.body.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['description', 'name']);

    const notJson = await fetch(`${demo.server.http}/api/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.server.token}` },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { code: 'badRequest', message: 'request body is not valid JSON' },
    });

    const missing = await demo.server.api('GET', '/api/projects/nope/documents');
    expect({ status: missing.status, body: missing.body }).toEqual({
      status: 404,
      body: { error: { code: 'notFound', message: "project 'nope' does not exist" } },
    });
    const badId = await demo.server.api<{ error: { code: string } }>('GET', '/api/projects/bad%20id');
    expect(badId.status).toBe(400);
    const route = await demo.server.api<{ error: { code: string } }>('GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('notFound');
  });

  it('serves health and an OpenAPI document', async () => {
    expect(await demo.server.api('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok', storage: 'sqlite' },
    });
    const spec = await demo.server.api<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toContain('/api/projects/{projectId}/documents');
  });
});

describe('demo project', () => {
  it('holds the 4 themes and 13 codes, one document per source, and two labelled coders', async () => {
    const codes = await demo.server.api<Code[]>('GET', `/api/projects/${demo.project.id}/codebook`);
    const themes = codes.body.filter((c) => c.parentId === null);
    expect(themes.map((t) => t.name)).toEqual([
      'Analytical contribution',
      'Representational',
      'Translation and communication',
      'Relational',
    ]);
    expect(codes.body.filter((c) => c.parentId !== null)).toHaveLength(13);
    expect(codes.body.every((c) => c.description.length > 20)).toBe(true);
    const docs = await demo.server.api<Document[]>('GET', `/api/projects/${demo.project.id}/documents`);
    const excerpts = readExcerpts();
    expect(docs.body).toHaveLength(new Set(excerpts.map((e) => `${e.site}|${e.source}`)).size);
    const users = await demo.server.api<User[]>('GET', '/api/users');
    expect(users.body.map((u) => [u.name, u.synthetic])).toEqual(
      expect.arrayContaining([
        ['Study authors', false],
        ['Synthetic coder (generated)', true],
      ]),
    );
    expect(demo.project.description).toContain('CC BY 4.0');
  });

  it("reproduces the published coding in the study authors' layer and differs in the synthetic one", async () => {
    const [codes, docs, users] = await Promise.all([
      demo.server.api<Code[]>('GET', `/api/projects/${demo.project.id}/codebook`),
      demo.server.api<Document[]>('GET', `/api/projects/${demo.project.id}/documents`),
      demo.server.api<User[]>('GET', '/api/users'),
    ]);
    const codeName = new Map(codes.body.map((c) => [c.id, c.name]));
    const authors = users.body.find((u) => u.name === 'Study authors')!.id;
    const synthetic = users.body.find((u) => u.synthetic)!.id;
    const published: string[] = [];
    let same = 0;
    let total = 0;
    for (const doc of docs.body) {
      const coded = await demo.server.api<CodedDocument>(
        'GET',
        `/api/projects/${demo.project.id}/documents/${doc.id}/codings`,
      );
      const chars = Array.from(coded.body.text);
      const spans = (coder: string) =>
        coded.body.codings
          .filter((c) => c.coder === coder)
          .map((c) => `${codeName.get(c.code)}|${chars.slice(c.start, c.end).join('')}`);
      published.push(...spans(authors));
      const theirs = new Set(spans(synthetic));
      for (const s of spans(authors)) {
        total++;
        if (theirs.has(s)) same++;
      }
      expect(coded.body.completed.sort()).toEqual([authors, synthetic].sort());
    }
    expect(published.sort()).toEqual(
      readExcerpts()
        .map((e) => `${e.code}|${e.text}`)
        .sort(),
    );
    // Realistic disagreement: most passages agree exactly, but not all.
    expect(same / total).toBeGreaterThan(0.3);
    expect(same / total).toBeLessThan(0.85);
  });

  it('loads only once', async () => {
    await expect(demo.server.loadDemo()).rejects.toThrow(/loaded before/);
  });
});

describe('codings over sockets', () => {
  let clients: Client[] = [];
  it('stay anchored while another client edits the transcript before and inside the span', async () => {
    const project = await demo.server.api<Project>('POST', '/api/projects', { name: 'Anchors' });
    const doc = await demo.server.api<Document>('POST', `/api/projects/${project.body.id}/documents`, {
      title: 'T',
      text: 'Before. The coded passage here. After.',
    });
    const users = await demo.server.api<User[]>('GET', '/api/users');
    const coder = users.body[0]!.id;
    const editor = connect(demo.server.ws, roomName.text(doc.body.id), demo.server.token);
    const coderText = connect(demo.server.ws, roomName.text(doc.body.id), demo.server.token);
    const coderLayer = connect(demo.server.ws, roomName.layer(doc.body.id, coder), demo.server.token);
    clients = [editor, coderText, coderLayer];
    await Promise.all(clients.map(synced));
    // Both at once: the editor types before and inside "coded passage", the coder codes it.
    contentText(editor.doc).insert(0, 'Preamble. ');
    contentText(editor.doc).insert(10 + 'Before. The coded'.length, ' (sic)');
    addCoding(coderLayer.doc, coderText.doc, {
      id: 'c1',
      codeId: 'k1',
      start: 12,
      end: 25,
      author: coder,
      now: 'now',
    });
    await converged([editor, coderText]);
    const coded = await demo.server.api<CodedDocument>(
      'GET',
      `/api/projects/${project.body.id}/documents/${doc.body.id}/codings`,
    );
    expect(coded.body.text).toBe('Preamble. Before. The coded (sic) passage here. After.');
    const [c] = coded.body.codings;
    expect(coded.body.text.slice(c!.start, c!.end)).toBe('coded (sic) passage');
    closeAll(clients);
  });

  it('keeps a codebook edited live readable as plain data', async () => {
    const client = connect(demo.server.ws, roomName.codebook(demo.project.id), demo.server.token);
    await synced(client);
    expect(readCodebook(client.doc).codes).toHaveLength(17);
    closeAll([client]);
  });
});
