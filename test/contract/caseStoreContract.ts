/**
 * The `CaseStore` part of the storage contract (attribute definitions, cases and their documents),
 * registered inside `registerStorageContractTests` so every backend runs it.
 */
import { expect, it } from 'vitest';
import type { Storage } from '../../server/storage/Storage.ts';

const at = '2026-03-01T10:00:00.000Z';

async function seed(storage: Storage): Promise<void> {
  await storage.createProject({ id: 'p1', name: 'Study', description: '', createdAt: at });
  await storage.createProject({ id: 'p2', name: 'Other', description: '', createdAt: at });
  for (const d of ['d1', 'd2', 'd3'])
    await storage.createDocument({
      id: d,
      projectId: 'p1',
      title: d,
      attributes: { age: '4' },
      createdAt: at,
    });
  await storage.createDocument({ id: 'x1', projectId: 'p2', title: 'x1', attributes: {}, createdAt: at });
}

export function registerCaseStoreCases(storage: () => Storage): void {
  it('declares attribute types per project and converts documents’ values in the same write', async () => {
    const s = storage();
    await seed(s);
    await s.putAttributeDefinition('p1', { name: 'age', type: 'number' }, [
      { id: 'd1', attributes: { age: '4' } },
      { id: 'x1', attributes: { age: 'not mine' } },
    ]);
    await s.putAttributeDefinition('p1', { name: 'visit', type: 'date' }, []);
    expect(await s.listAttributeDefinitions('p1')).toEqual([
      { name: 'age', type: 'number' },
      { name: 'visit', type: 'date' },
    ]);
    expect(await s.listAttributeDefinitions('p2')).toEqual([]);
    // A document of another project is left alone.
    expect((await s.getDocument('x1'))?.attributes).toEqual({});
    await s.putAttributeDefinition('p1', { name: 'age', type: 'boolean' }, [
      { id: 'd1', attributes: { age: 'true' } },
    ]);
    expect((await s.getDocument('d1'))?.attributes).toEqual({ age: 'true' });
    await s.putAttributeDefinition('p1', { name: 'visit', type: 'text' }, []);
    expect(await s.listAttributeDefinitions('p1')).toEqual([{ name: 'age', type: 'boolean' }]);
  });

  it('keeps cases with their documents in document order, changes and deletes them', async () => {
    const s = storage();
    await seed(s);
    const created = await s.createCase({
      id: 'c1',
      projectId: 'p1',
      name: 'Participant 1',
      description: 'nurse',
      // x1 is another project's document and is not linked.
      documentIds: ['d3', 'd1', 'x1'],
      createdAt: at,
    });
    expect(created).toEqual({
      id: 'c1',
      projectId: 'p1',
      name: 'Participant 1',
      description: 'nurse',
      documentIds: ['d1', 'd3'],
      createdAt: at,
    });
    await s.createCase({
      id: 'c2',
      projectId: 'p1',
      name: 'Site B',
      description: '',
      documentIds: ['d1'],
      createdAt: at,
    });
    expect((await s.listCases('p1')).map((c) => [c.id, c.documentIds])).toEqual([
      ['c1', ['d1', 'd3']],
      ['c2', ['d1']],
    ]);
    expect(await s.listCases('p2')).toEqual([]);
    expect(await s.getCase('p2', 'c1')).toBeNull();

    expect(await s.updateCase('p1', 'c1', { name: 'P1', documentIds: ['d2'] })).toMatchObject({
      name: 'P1',
      description: 'nurse',
      documentIds: ['d2'],
    });
    expect(await s.updateCase('p2', 'c1', { name: 'stolen' })).toBeNull();
    expect((await s.getCase('p1', 'c1'))?.name).toBe('P1');

    expect(await s.deleteCase('p2', 'c2')).toBe(false);
    expect(await s.deleteCase('p1', 'c2')).toBe(true);
    expect((await s.listCases('p1')).map((c) => c.id)).toEqual(['c1']);
    expect(await s.getDocument('d1')).not.toBeNull();
  });

  it('drops a deleted document from its cases, and a deleted project’s cases and types', async () => {
    const s = storage();
    await seed(s);
    await s.createCase({
      id: 'c1',
      projectId: 'p1',
      name: 'P1',
      description: '',
      documentIds: ['d1', 'd2'],
      createdAt: at,
    });
    await s.putAttributeDefinition('p1', { name: 'age', type: 'number' }, []);
    expect(await s.deleteDocument('p1', 'd1')).toBe(true);
    expect((await s.getCase('p1', 'c1'))?.documentIds).toEqual(['d2']);
    await s.deleteDocuments(['d2']);
    expect((await s.getCase('p1', 'c1'))?.documentIds).toEqual([]);
    expect(await s.deleteProject('p1')).toBe(true);
    expect(await s.getCase('p1', 'c1')).toBeNull();
    expect(await s.listAttributeDefinitions('p1')).toEqual([]);
    // The ids are free again: nothing of the old project was left behind.
    await s.createProject({ id: 'p1', name: 'Again', description: '', createdAt: at });
    await s.createCase({
      id: 'c1',
      projectId: 'p1',
      name: 'P1',
      description: '',
      documentIds: [],
      createdAt: at,
    });
    expect((await s.listCases('p1')).map((c) => c.documentIds)).toEqual([[]]);
  });

  it('writes an import’s types and cases with its documents, in one commit', async () => {
    const s = storage();
    await s.createProject({ id: 'p1', name: 'Study', description: '', createdAt: at });
    await s.beginImport({
      id: 'i1',
      projectId: 'p1',
      newProject: false,
      documentIds: ['n1', 'n2'],
      startedAt: at,
    });
    await s.commitImport({
      importId: 'i1',
      projectId: 'p1',
      users: [],
      documents: [
        { id: 'n1', title: 'one', attributes: { age: '31' }, createdAt: at },
        { id: 'n2', title: 'two', attributes: { age: '40' }, createdAt: at },
      ],
      members: [],
      refiUsers: [],
      attributeDefinitions: [{ name: 'age', type: 'number' }],
      cases: [
        {
          id: 'c1',
          projectId: 'p1',
          name: 'Ward 3',
          description: 'night shift',
          documentIds: ['n2', 'n1'],
          createdAt: at,
        },
      ],
      audit: { id: 'a1', projectId: 'p1', actorId: null, action: 'import', details: {}, createdAt: at },
    });
    expect(await s.listAttributeDefinitions('p1')).toEqual([{ name: 'age', type: 'number' }]);
    expect(await s.listCases('p1')).toEqual([
      {
        id: 'c1',
        projectId: 'p1',
        name: 'Ward 3',
        description: 'night shift',
        documentIds: ['n1', 'n2'],
        createdAt: at,
      },
    ]);
  });
}
