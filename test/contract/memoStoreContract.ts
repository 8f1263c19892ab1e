/**
 * The `MemoStore` part of the storage contract (memo metadata and body copies), registered inside
 * `registerStorageContractTests` so every backend runs it.
 */
import { expect, it } from 'vitest';
import type { Storage, StoredMemo } from '../../server/storage/Storage.ts';

const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-01T11:00:00.000Z';

const memo = (id: string, over: Partial<StoredMemo> = {}): Omit<StoredMemo, 'authorName'> => ({
  id,
  projectId: 'p1',
  authorId: 'u1',
  kind: 'project',
  title: `Memo ${id}`,
  links: { codes: [], documents: [], passages: [] },
  body: '',
  createdAt: at,
  updatedAt: at,
  ...over,
});

async function project(storage: Storage, id: string): Promise<void> {
  await storage.createProject({ id, name: id, description: '', createdAt: at });
}

export function registerMemoStoreCases(storage: () => Storage): void {
  it('stores memos with links (code points kept as given), lists them oldest first with author names', async () => {
    const s = storage();
    await project(s, 'p1');
    await project(s, 'p2');
    await s.createUser({ id: 'u1', email: 'a@x', name: 'Ana', synthetic: false, createdAt: at });
    const links = {
      codes: ['k1'],
      documents: ['d1'],
      passages: [{ documentId: 'd1', start: 3, end: 9 }],
    };
    const created = await s.createMemo(
      memo('m2', { kind: 'document', links, createdAt: later, updatedAt: later }),
    );
    expect(created).toEqual({
      ...memo('m2', { kind: 'document', links, createdAt: later, updatedAt: later }),
      authorName: 'Ana',
    });
    await s.createMemo(memo('m1', { authorId: 'gone', body: 'first thoughts' }));
    await s.createMemo(memo('m3', { projectId: 'p2' }));
    const listed = await s.listMemos('p1');
    expect(listed.map((m) => [m.id, m.authorName, m.body])).toEqual([
      ['m1', null, 'first thoughts'],
      ['m2', 'Ana', ''],
    ]);
    expect(await s.getMemo('m2')).toEqual(created);
    expect(await s.getMemo('nope')).toBeNull();
  });

  it('changes title and links only within the project, and copies bodies only when they differ', async () => {
    const s = storage();
    await project(s, 'p1');
    await s.createMemo(memo('m1'));
    expect(await s.updateMemo('p2', 'm1', { title: 'Elsewhere', updatedAt: later })).toBeNull();
    const links = { codes: ['k2'], documents: [], passages: [] };
    const updated = await s.updateMemo('p1', 'm1', { links, updatedAt: later });
    expect(updated).toMatchObject({ title: 'Memo m1', links, updatedAt: later });
    expect(await s.setMemoBody('m1', 'Beds were short 😀', later)).toBe(true);
    expect(await s.setMemoBody('m1', 'Beds were short 😀', '2026-03-02T00:00:00.000Z')).toBe(false);
    expect(await s.getMemo('m1')).toMatchObject({ body: 'Beds were short 😀', updatedAt: later });
  });

  it('deletes a memo only within its project and raises the project’s access version', async () => {
    const s = storage();
    await project(s, 'p1');
    await s.createMemo(memo('m1'));
    const before = (await s.accessVersions(['p1'])).get('p1')!;
    expect(await s.deleteMemo('p2', 'm1')).toBe(false);
    expect(await s.deleteMemo('p1', 'm1')).toBe(true);
    expect(await s.deleteMemo('p1', 'm1')).toBe(false);
    expect(await s.getMemo('m1')).toBeNull();
    expect((await s.accessVersions(['p1'])).get('p1')).toBe(before + 1);
  });

  it('deletes a project’s memos with the project, and commits an import’s memos with it', async () => {
    const s = storage();
    await project(s, 'p1');
    await s.createMemo(memo('m1'));
    expect(await s.deleteProject('p1')).toBe(true);
    expect(await s.getMemo('m1')).toBeNull();
    await s.beginImport({ id: 'i1', projectId: 'p3', newProject: true, documentIds: [], startedAt: at });
    await s.commitImport({
      importId: 'i1',
      project: { id: 'p3', name: 'Imported', description: '', createdAt: at },
      users: [],
      documents: [],
      projectId: 'p3',
      members: [],
      refiUsers: [],
      memos: [memo('m9', { projectId: 'p3', body: 'note text' })],
      audit: {
        id: 'a1',
        projectId: 'p3',
        actorId: null,
        action: 'project.import',
        details: {},
        createdAt: at,
      },
    });
    expect((await s.listMemos('p3')).map((m) => [m.id, m.body])).toEqual([['m9', 'note text']]);
  });
}
