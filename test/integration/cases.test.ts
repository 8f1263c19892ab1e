/**
 * Typed attributes and cases over real HTTP on a real server (SQLite file): who may read and
 * write, errors at the field, converting values when a type changes (all or none), cascades when a
 * document goes, the audit log, and the REFI-QDA round trip of types and cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMeta } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { AuditEntry, Case, Document, Project } from '../../shared/schemas.ts';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import { createStudy, type Member } from '../helpers/rounds.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, unzipEntries, upload, xmllint } from '../helpers/transfer.ts';

let server: TestServer;
let project: Project;
let docs: Document[];
let reviewer: Member;
let coder: Member;

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}
type Attributes = { attributes: { name: string; type: string; documents: number }[] };

beforeAll(async () => {
  server = await startServer();
  const study = await createStudy(server, {
    name: 'Ward study',
    documents: [
      { title: 'Interview A', attributes: { age: '34', visited: '2024-03-01', site: 'B' } },
      { title: 'Interview B', attributes: { age: '9', visited: '2024-02-15', site: 'C' } },
      { title: 'Interview C', attributes: { age: '120.0', site: 'B' } },
    ],
    team: [
      ['Rita Reviewer', 'reviewer'],
      ['Cody Coder', 'coder'],
    ],
    codes: [],
  });
  ({ project, docs } = study);
  [reviewer, coder] = study.members as [Member, Member];
});
afterAll(async () => {
  await server.destroy();
});

const path = (rest = '') => `/api/projects/${project.id}${rest}`;
const doc = (i: number) => docs[i]!;

describe('attribute types', () => {
  it('lists every attribute as text until typed, and any member may read them', async () => {
    const res = await server.api<Attributes>('GET', path('/attributes'), undefined, coder.token);
    expect(res.status).toBe(200);
    expect(res.body.attributes).toEqual([
      { name: 'age', type: 'text', documents: 3 },
      { name: 'site', type: 'text', documents: 3 },
      { name: 'visited', type: 'text', documents: 2 },
    ]);
  });

  it('refuses coders, and converts every value when a reviewer types the attribute', async () => {
    const refused = await server.api<ErrorBody>(
      'PUT',
      path('/attributes/age'),
      { type: 'number' },
      coder.token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const res = await server.api('PUT', path('/attributes/age'), { type: 'number' }, reviewer.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'age', type: 'number', documents: 3 });
    // "120.0" was rewritten in canonical form, in the metadata and in the text room.
    const c = (await server.api<Document>('GET', path(`/documents/${doc(2).id}`))).body;
    expect(c.attributes.age).toBe('120');
    let inRoom: unknown;
    await server.app.registry.change(roomName.text(doc(2).id), (d) => {
      inRoom = textMeta(d).get('attributes');
    });
    expect(inRoom).toEqual({ age: '120', site: 'B' });

    const dates = await server.api('PUT', path('/attributes/visited'), { type: 'date' }, reviewer.token);
    expect(dates.status).toBe(200);
    const listed = (await server.api<Attributes>('GET', path('/attributes'))).body.attributes;
    expect(listed.map((a) => [a.name, a.type])).toEqual([
      ['age', 'number'],
      ['site', 'text'],
      ['visited', 'date'],
    ]);
    const log = (await server.api<AuditEntry[]>('GET', path('/audit'))).body;
    expect(log.find((e) => e.action === 'attribute.type')?.details).toMatchObject({
      name: 'visited',
      from: 'text',
      to: 'date',
    });
  });

  it('changes nothing and names each misfitting document when a value does not convert', async () => {
    const res = await server.api<ErrorBody>(
      'PUT',
      path('/attributes/site'),
      { type: 'boolean' },
      reviewer.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    expect(res.body.error.issues).toEqual([
      { path: ['documents', doc(0).id], message: 'Interview A: “B” is not true or false', code: 'custom' },
      { path: ['documents', doc(1).id], message: 'Interview B: “C” is not true or false', code: 'custom' },
      { path: ['documents', doc(2).id], message: 'Interview C: “B” is not true or false', code: 'custom' },
    ]);
    const listed = (await server.api<Attributes>('GET', path('/attributes'))).body.attributes;
    expect(listed.find((a) => a.name === 'site')?.type).toBe('text');
    expect((await server.api<Document>('GET', path(`/documents/${doc(0).id}`))).body.attributes.site).toBe(
      'B',
    );
  });

  it('refuses a name no attribute may have, at the field', async () => {
    const res = await server.api<ErrorBody>(
      'PUT',
      path('/attributes/constructor'),
      { type: 'number' },
      reviewer.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]).toMatchObject({
      path: ['name'],
      message: '“constructor” cannot be an attribute name; add a word, e.g. “constructor group”',
    });
  });

  it('refuses an unknown type at the field', async () => {
    const res = await server.api<ErrorBody>(
      'PUT',
      path('/attributes/age'),
      { type: 'integer' },
      reviewer.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]?.path).toEqual(['type']);
  });

  it('checks typed values on PATCH with errors at the field, and stores them canonically', async () => {
    const target = path(`/documents/${doc(1).id}`);
    const bad = await server.api<ErrorBody>(
      'PATCH',
      target,
      { attributes: { age: 'forty', visited: '2024-02-30', site: 'anything' } },
      reviewer.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: ['attributes', 'age'], message: '“forty” is not a number', code: 'custom' },
      { path: ['attributes', 'visited'], message: '“2024-02-30” is not a date (YYYY-MM-DD)', code: 'custom' },
    ]);
    expect(bad.body.error.message).toContain('attributes.age: “forty” is not a number');
    expect((await server.api<Document>('GET', target)).body.attributes.age).toBe('9');

    const good = await server.api<Document>(
      'PATCH',
      target,
      { attributes: { age: ' 41.50 ', visited: '2024-02-29', site: 'C' } },
      reviewer.token,
    );
    expect(good.status).toBe(200);
    expect(good.body.attributes).toEqual({ age: '41.5', visited: '2024-02-29', site: 'C' });
  });

  it('checks typed values when a document is added through the API', async () => {
    const bad = await server.api<ErrorBody>('POST', path('/documents'), {
      title: 'Interview D',
      text: 'Some words.',
      attributes: { age: 'old' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: ['attributes', 'age'], message: '“old” is not a number', code: 'custom' },
    ]);
    const good = await server.api<Document>('POST', path('/documents'), {
      title: 'Interview D',
      text: 'Some words.',
      attributes: { age: '7e1' },
    });
    expect(good.status).toBe(201);
    expect(good.body.attributes.age).toBe('70');
    docs.push(good.body);
  });
});

describe('typed attributes in file imports', () => {
  it('keeps a value that does not fit its type as written, and says so in the import’s warnings', async () => {
    const other = (await server.api<Project>('POST', '/api/projects', { name: 'Typed files' })).body;
    const base = `/api/projects/${other.id}`;
    expect((await server.api('PUT', `${base}/attributes/file`, { type: 'boolean' })).status).toBe(200);
    const res = await upload<{ warnings: string[]; documents: { id: string }[] }>(
      server,
      `${base}/documents/import`,
      [{ name: 'ward-3.txt', data: 'Interviewer: Hello.\n\nP1: Hello.' }],
    );
    expect(res.status).toBe(201);
    expect(res.body.warnings).toContain(
      'ward-3: file: “ward-3.txt” is not true or false; the value was kept as written, for you to correct',
    );
    const stored = (await server.api<Document>('GET', `${base}/documents/${res.body.documents[0]!.id}`)).body;
    expect(stored.attributes.file).toBe('ward-3.txt');
  });
});

describe('cases', () => {
  let kase: Case;

  it('creates a case of documents (reviewers), refuses coders and unknown documents', async () => {
    const body = { name: 'Site B', description: 'the surgical ward', documentIds: [doc(2).id, doc(0).id] };
    expect((await server.api('POST', path('/cases'), body, coder.token)).status).toBe(403);
    const unknown = await server.api<ErrorBody>(
      'POST',
      path('/cases'),
      { name: 'X', documentIds: [doc(0).id, 'nope'] },
      reviewer.token,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([
      { path: ['documentIds', 1], message: "document 'nope' is not in this project", code: 'custom' },
    ]);
    const blank = await server.api<ErrorBody>('POST', path('/cases'), { name: '  ' }, reviewer.token);
    expect(blank.status).toBe(400);
    expect(blank.body.error.issues?.[0]).toMatchObject({ path: ['name'], message: 'a case needs a name' });

    const res = await server.api<Case>('POST', path('/cases'), body, reviewer.token);
    expect(res.status).toBe(201);
    kase = res.body;
    expect(kase).toMatchObject({
      projectId: project.id,
      name: 'Site B',
      description: 'the surgical ward',
      // In the project's document order, not as sent.
      documentIds: [doc(0).id, doc(2).id],
    });
    const listed = await server.api<{ cases: Case[] }>('GET', path('/cases'), undefined, coder.token);
    expect(listed.status).toBe(200);
    expect(listed.body.cases).toEqual([kase]);
    expect((await server.api('GET', path(`/cases/${kase.id}`), undefined, coder.token)).body).toEqual(kase);
  });

  it('renames a case and replaces its documents; a document may belong to several cases', async () => {
    const other = await server.api<Case>(
      'POST',
      path('/cases'),
      { name: 'Participant 7', documentIds: [doc(0).id] },
      reviewer.token,
    );
    expect(other.status).toBe(201);
    const res = await server.api<Case>(
      'PATCH',
      path(`/cases/${kase.id}`),
      { name: 'Site B (surgery)', documentIds: [doc(0).id, doc(1).id, doc(2).id] },
      reviewer.token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Site B (surgery)',
      documentIds: [doc(0).id, doc(1).id, doc(2).id],
    });
    const cases = (await server.api<{ cases: Case[] }>('GET', path('/cases'))).body.cases;
    expect(cases.filter((c) => c.documentIds.includes(doc(0).id)).map((c) => c.name)).toEqual([
      'Site B (surgery)',
      'Participant 7',
    ]);
    expect((await server.api('PATCH', path(`/cases/${kase.id}`), {}, reviewer.token)).status).toBe(400);
    expect((await server.api('PATCH', path('/cases/missing'), { name: 'x' }, reviewer.token)).status).toBe(
      404,
    );
    const log = (await server.api<AuditEntry[]>('GET', path('/audit'))).body;
    expect(log.find((e) => e.action === 'case.update')?.details).toMatchObject({
      caseId: kase.id,
      from: 'Site B',
      to: 'Site B (surgery)',
    });
  });

  it('drops a deleted document from its cases, and deletes a case without its documents', async () => {
    expect((await server.api('DELETE', path(`/documents/${doc(1).id}`))).status).toBe(204);
    expect((await server.api<Case>('GET', path(`/cases/${kase.id}`))).body.documentIds).toEqual([
      doc(0).id,
      doc(2).id,
    ]);
    expect((await server.api('DELETE', path(`/cases/${kase.id}`), undefined, coder.token)).status).toBe(403);
    expect((await server.api('DELETE', path(`/cases/${kase.id}`), undefined, reviewer.token)).status).toBe(
      204,
    );
    expect((await server.api('GET', path(`/cases/${kase.id}`))).status).toBe(404);
    expect((await server.api('GET', path(`/documents/${doc(0).id}`))).status).toBe(200);
  });

  it('keeps other projects’ cases apart', async () => {
    const other = (await server.api<Project>('POST', '/api/projects', { name: 'Other' })).body;
    expect((await server.api('GET', `/api/projects/${other.id}/cases/${kase.id}`)).status).toBe(404);
    const cross = await server.api<ErrorBody>('POST', `/api/projects/${other.id}/cases`, {
      name: 'Stolen',
      documentIds: [doc(0).id],
    });
    expect(cross.status).toBe(400);
    // Not a member: the project does not exist for them.
    expect((await server.api('GET', `/api/projects/${other.id}/cases`, undefined, coder.token)).status).toBe(
      404,
    );
  });
});

describe('REFI-QDA round trip', () => {
  it('exports typed Variables and Cases valid against the schema, and imports the same types, values and cases', async () => {
    const study = await createStudy(server, {
      name: 'Typed study',
      documents: [
        {
          title: 'P1 first',
          attributes: { age: '34', weight: '61.5', visited: '2024-03-01', consent: 'true', site: 'B' },
        },
        {
          title: 'P1 second',
          attributes: { age: '35', weight: '', visited: '2024-09-12', consent: 'false', site: 'B' },
        },
        {
          title: 'P2',
          attributes: { age: '41', weight: '80', visited: '2023-12-31', consent: 'true', site: 'C' },
        },
      ],
      team: [],
      codes: [],
    });
    const base = `/api/projects/${study.project.id}`;
    for (const [name, type] of [
      ['age', 'number'],
      ['weight', 'number'],
      ['visited', 'date'],
      ['consent', 'boolean'],
    ] as const)
      expect((await server.api('PUT', `${base}/attributes/${name}`, { type })).status).toBe(200);
    const [d1, d2, d3] = study.docs as [Document, Document, Document];
    for (const body of [
      {
        name: 'Participant 1',
        description: 'Two interviews, March and September.',
        documentIds: [d1.id, d2.id],
      },
      { name: 'Site B', description: '', documentIds: [d1.id, d2.id] },
      { name: 'Participant 2', description: '', documentIds: [d3.id] },
    ])
      expect((await server.api('POST', `${base}/cases`, body)).status).toBe(201);

    const exported = await download(server, `${base}/export/qdpx`);
    expect(exported.status).toBe(200);
    const qde = (await unzipEntries(exported.body)).get('project.qde')!;
    expect(await xmllint(qde)).toEqual({ ok: true, output: expect.stringContaining('validates') });
    expect(qde).toMatch(/<Variable [^>]*name="age" typeOfVariable="Integer"/);
    expect(qde).toMatch(/<Variable [^>]*name="weight" typeOfVariable="Float"/);
    expect(qde).toMatch(/<Variable [^>]*name="visited" typeOfVariable="Date"/);
    expect(qde).toMatch(/<Variable [^>]*name="consent" typeOfVariable="Boolean"/);
    expect(qde).toMatch(/<Variable [^>]*name="site" typeOfVariable="Text"/);
    expect(qde).toContain('<IntegerValue>34</IntegerValue>');
    expect(qde).toContain('<FloatValue>61.5</FloatValue>');
    expect(qde).toContain('<DateValue>2024-03-01</DateValue>');
    expect(qde).toContain('<BooleanValue>true</BooleanValue>');
    expect(qde.match(/<Case /g)).toHaveLength(3);
    expect(qde.match(/<SourceRef /g)).toHaveLength(5);

    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'typed.qdpx', data: exported.body },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.import.warnings).toEqual([]);
    const imported = `/api/projects/${res.body.id}`;
    const types = (await server.api<Attributes>('GET', `${imported}/attributes`)).body.attributes;
    expect(types.filter((a) => a.name !== 'case').map((a) => [a.name, a.type])).toEqual([
      ['age', 'number'],
      ['consent', 'boolean'],
      ['site', 'text'],
      ['visited', 'date'],
      ['weight', 'number'],
    ]);
    const documents = (await server.api<Document[]>('GET', `${imported}/documents`)).body;
    expect(documents.map((d) => d.title)).toEqual(['P1 first', 'P1 second', 'P2']);
    // Values come back as they were; each member document also names its cases in `case`, as
    // imports from desktop tools always have (analysis filters read document attributes).
    const originals = [d1, d2, d3];
    documents.forEach((d, i) => {
      const { case: caseNames, ...rest } = d.attributes;
      // The empty number was not written (the schema has no empty number).
      const expected = Object.fromEntries(
        Object.entries(originals[i]!.attributes).filter(([, v]) => v !== ''),
      );
      expect(rest).toEqual(expected);
      expect(caseNames?.split('; ').sort()).toEqual(i < 2 ? ['Participant 1', 'Site B'] : ['Participant 2']);
    });
    const cases = (await server.api<{ cases: Case[] }>('GET', `${imported}/cases`)).body.cases;
    expect(
      cases.map((c) => [
        c.name,
        c.description,
        c.documentIds.map((id) => documents.find((d) => d.id === id)?.title),
      ]),
    ).toEqual([
      // Imported at once, so listed by name.
      ['Participant 1', 'Two interviews, March and September.', ['P1 first', 'P1 second']],
      ['Participant 2', '', ['P2']],
      ['Site B', '', ['P1 first', 'P1 second']],
    ]);
  });
});
