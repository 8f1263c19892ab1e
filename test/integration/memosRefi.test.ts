/**
 * Memos through REFI-QDA: a project with a project memo, a document memo and a code memo by
 * different authors exports them as `Notes` referenced from the project, the source and the code
 * (valid against Project-mrt2019.xsd), and importing that file gives the same memos back: titles,
 * bodies, kinds, links and authors. A blind coder's export carries only the memos they may read.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { MemoList, MemoView } from '../../shared/memos/schemas.ts';
import { memoBody } from '../../shared/model/memo.ts';
import type { Code, Document } from '../../shared/schemas.ts';
import { createStudy, serverPerTest, type Member } from '../helpers/rounds.ts';
import { download, unzipEntries, upload, xmllint } from '../helpers/transfer.ts';

const ctx = serverPerTest();

const code = (id: string, name: string) => ({
  id,
  name,
  parentId: null,
  color: '#336699',
  description: '',
  order: 0,
});

/** Every memo of a project as comparable data: links by title or name, authors by name, bodies whole. */
async function memosOf(projectId: string) {
  const { server } = ctx;
  const docs = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
  const codes = (await server.api<Code[]>('GET', `/api/projects/${projectId}/codebook`)).body;
  const title = new Map(docs.map((d) => [d.id, d.title]));
  const name = new Map(codes.map((c) => [c.id, c.name]));
  const list = (await server.api<MemoList>('GET', `/api/projects/${projectId}/memos`)).body.memos;
  const memos = await Promise.all(
    list.map(async (m) => {
      const view = (await server.api<MemoView>('GET', `/api/projects/${projectId}/memos/${m.id}`)).body;
      return {
        kind: m.kind,
        title: m.title,
        body: view.body,
        author: m.authorName,
        createdAt: m.createdAt,
        documents: m.links.documents.map((d) => title.get(d)),
        codes: m.links.codes.map((c) => name.get(c)),
      };
    }),
  );
  return memos.sort((a, b) => a.title.localeCompare(b.title));
}

describe('memos as REFI-QDA notes', () => {
  it('exports project, document and code memos as notes and imports them back the same', async () => {
    const { server } = ctx;
    const { project, docs, members } = await createStudy(server, {
      name: 'Memo trip',
      documents: [{ title: 'Nurse 1' }, { title: 'Nurse 2' }],
      team: [
        ['Olive Owner', 'owner'],
        ['Cora Coder', 'coder'],
      ],
      codes: [code('beds', 'Beds'), code('staff', 'Staffing')],
    });
    const [owner, coder] = members as [Member, Member];
    const base = `/api/projects/${project.id}/memos`;
    const write = async (token: string, body: unknown, text: string) => {
      const created = (await server.api<MemoView>('POST', base, body, token)).body;
      await server.app.registry.change(created.room, (doc) => memoBody(doc).insert(0, text));
      return created;
    };
    await write(
      owner.token,
      { kind: 'project', title: 'Where the study stands' },
      'Two wards so far.\nMore in May.',
    );
    await write(
      coder.token,
      {
        kind: 'document',
        title: 'Nurse 1, first read',
        links: { documents: [docs[0]!.id], codes: ['staff'] },
      },
      'Tired but clear 😀 about rotas.',
    );
    await write(
      owner.token,
      { kind: 'code', title: 'Beds: what counts', links: { codes: ['beds'], documents: [docs[1]!.id] } },
      'Only hospital beds, not care homes.',
    );
    const before = await memosOf(project.id);
    expect(before.map((m) => [m.kind, m.author])).toEqual([
      ['code', 'Olive Owner'],
      ['document', 'Cora Coder'],
      ['project', 'Olive Owner'],
    ]);

    const exported = await download(server, `/api/projects/${project.id}/export/qdpx`);
    const qde = (await unzipEntries(exported.body)).get('project.qde')!;
    expect(await xmllint(qde)).toEqual({ ok: true, output: expect.stringContaining('validates') });
    expect(qde.match(/<Note /g)).toHaveLength(3);
    expect(qde).toContain('Tired but clear 😀 about rotas.');

    const imported = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'trip.qdpx', data: exported.body },
    ]);
    expect(imported.status).toBe(201);
    expect(imported.body.import.warnings.join('\n')).not.toMatch(/note/i);
    expect(await memosOf(imported.body.id)).toEqual(before);

    // And once more from the import's own export.
    const again = await download(server, `/api/projects/${imported.body.id}/export/qdpx`);
    const third = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'again.qdpx', data: again.body },
    ]);
    expect(await memosOf(third.body.id)).toEqual(before);
  });

  it('a blind coder’s export carries only the memos they may read', async () => {
    const { server } = ctx;
    const { project, members } = await createStudy(server, {
      name: 'Blind memos',
      documents: [{ title: 'Nurse 1' }],
      team: [
        ['Olive Owner', 'owner'],
        ['Cora Coder', 'coder'],
        ['Carl Coder', 'coder'],
      ],
      codes: [code('beds', 'Beds')],
    });
    const [owner, cora, carl] = members as [Member, Member, Member];
    const base = `/api/projects/${project.id}/memos`;
    for (const [m, title] of [
      [owner, 'Owner thoughts'],
      [cora, 'Cora thoughts'],
      [carl, 'Carl thoughts'],
    ] as const)
      expect((await server.api('POST', base, { kind: 'project', title }, m.token)).status).toBe(201);
    expect(
      (await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, owner.token)).status,
    ).toBe(200);
    const qde = (
      await unzipEntries((await download(server, `/api/projects/${project.id}/export/qdpx`, cora.token)).body)
    ).get('project.qde')!;
    expect(qde).toContain('name="Owner thoughts"');
    expect(qde).toContain('name="Cora thoughts"');
    expect(qde).not.toContain('Carl thoughts');
    expect(await xmllint(qde)).toMatchObject({ ok: true });
  });
});
