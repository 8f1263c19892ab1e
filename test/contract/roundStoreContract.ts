/**
 * The `RoundStore` part of the storage contract (rounds, assignments, codebook versions, recorded
 * merges), registered inside `registerStorageContractTests` so every backend runs it.
 */
import { expect, it } from 'vitest';
import type { CodebookEntry } from '../../shared/model/codebookEntries.ts';
import type { NewCodebookVersion, NewRound, Storage } from '../../server/storage/Storage.ts';

const at = '2026-03-01T10:00:00.000Z';

const entry = (id: string, name: string): CodebookEntry => ({
  id,
  name,
  parentId: null,
  color: '#112233',
  description: `${name} means…`,
  order: 0,
  inclusion: '',
  exclusion: '',
  examples: ['“a quote”'],
});

const draft = (
  codes: CodebookEntry[],
  reason: NewCodebookVersion['reason'] = 'manual',
): NewCodebookVersion => ({
  projectId: 'p1',
  reason,
  note: 'after the pilot',
  roundId: null,
  createdAt: at,
  createdBy: 'u1',
  codes,
});

async function seed(storage: Storage): Promise<void> {
  await storage.createProject({ id: 'p1', name: 'Study', description: '', createdAt: at });
  for (const u of ['u1', 'u2', 'u3'])
    await storage.createUser({ id: u, email: `${u}@x.org`, name: u, synthetic: false, createdAt: at });
  for (const d of ['d1', 'd2', 'd3'])
    await storage.createDocument({ id: d, projectId: 'p1', title: d, attributes: {}, createdAt: at });
}

const round = (id: string, blind: boolean): NewRound => ({
  id,
  projectId: 'p1',
  name: `Round ${id}`,
  blind,
  coders: ['u2', 'u1'],
  documents: ['d2', 'd1'],
  sample: null,
  startedAt: at,
  startedBy: 'u3',
});

export function registerRoundStoreCases(storage: () => Storage): void {
  it('keeps the documents a round’s coders had coded before it started, in id order', async () => {
    const s = storage();
    await seed(s);
    await s.startRound({ ...round('r1', true), codedBefore: ['d2', 'd1'].sort() }, draft([], 'round-start'));
    expect((await s.getRound('r1'))?.codedBefore).toEqual(['d1', 'd2']);
    expect((await s.listRounds('p1'))[0]?.codedBefore).toEqual(['d1', 'd2']);
  });

  it('numbers codebook versions 1, 2, 3, … per project, without duplicates when recorded at once', async () => {
    const s = storage();
    await seed(s);
    const recorded = await Promise.all(
      Array.from({ length: 6 }, () => s.recordCodebookVersion(draft([entry('a', 'A')]))),
    );
    expect(recorded.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const listed = await s.listCodebookVersions('p1');
    expect(listed.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(listed[0]).toEqual({
      version: 1,
      projectId: 'p1',
      reason: 'manual',
      note: 'after the pilot',
      roundId: null,
      createdAt: at,
      createdBy: 'u1',
      codeCount: 1,
    });
    expect((await s.getCodebookVersion('p1', 2))?.codes).toEqual([entry('a', 'A')]);
    expect(await s.getCodebookVersion('p1', 99)).toBeNull();
  });

  it('numbers recorded merges by the last version before them', async () => {
    const s = storage();
    await seed(s);
    await s.recordCodebookVersion(draft([]));
    await s.recordCodeMerge({ id: 'm1', projectId: 'p1', sourceId: 'a', targetId: 'b', mergedAt: at });
    await s.recordCodebookVersion(draft([]));
    await s.recordCodeMerge({ id: 'm2', projectId: 'p1', sourceId: 'c', targetId: 'd', mergedAt: at });
    await s.recordCodebookVersion(draft([]));
    expect(await s.listCodeMerges('p1', 1, 2)).toEqual([{ sourceId: 'a', targetId: 'b' }]);
    expect(await s.listCodeMerges('p1', 2, 3)).toEqual([{ sourceId: 'c', targetId: 'd' }]);
    expect(await s.listCodeMerges('p1', 1, 3)).toHaveLength(2);
    expect(await s.listCodeMerges('p1', 3, 3)).toEqual([]);
  });

  it('starts a round with its codebook version, one open round at a time, its blindness the project’s', async () => {
    const s = storage();
    await seed(s);
    const access = async () => (await s.accessVersions(['p1'])).get('p1')!;
    const before = await access();
    const started = await s.startRound(round('r1', true), draft([entry('a', 'A')], 'round-start'));
    expect(started).toEqual({
      id: 'r1',
      projectId: 'p1',
      name: 'Round r1',
      blind: true,
      recode: false,
      status: 'open',
      coders: ['u1', 'u2'],
      documents: ['d1', 'd2'],
      sample: null,
      codedBefore: [],
      codebookVersion: 1,
      closedCodebookVersion: null,
      startedAt: at,
      startedBy: 'u3',
      closedAt: null,
    });
    expect((await s.getCodebookVersion('p1', 1))?.roundId).toBe('r1');
    expect((await s.getProject('p1'))?.blind).toBe(true);
    expect(await access()).toBeGreaterThan(before);
    expect(await s.startRound(round('r2', false), draft([], 'round-start'))).toBeNull();
    expect(await s.getRound('r2')).toBeNull();
    expect(await s.frozenAgreement('r1')).toBeNull();
    // The blind switch of a project with an open round is the round's.
    await s.updateProject('p1', { blind: false });
    expect((await s.getRound('r1'))?.blind).toBe(false);
    await s.updateProject('p1', { blind: true });
    expect((await s.getRound('r1'))?.blind).toBe(true);
    // A recode round keeps its flag.
    await s.closeRound('r1', { closedAt: at, agreement: {} }, draft([], 'round-close'));
    expect(
      (await s.startRound({ ...round('r3', false), recode: true }, draft([], 'round-start')))?.recode,
    ).toBe(true);
    expect((await s.getRound('r3'))?.recode).toBe(true);
    expect((await s.getRound('r1'))?.recode).toBe(false);
  });

  it('lets exactly one of several rounds started at once open', async () => {
    const s = storage();
    await seed(s);
    const started = await Promise.all(
      ['a', 'b', 'c', 'd'].map((id) => s.startRound(round(id, false), draft([], 'round-start'))),
    );
    expect(started.filter((r) => r !== null)).toHaveLength(1);
    expect((await s.listRounds('p1')).filter((r) => r.status === 'open')).toHaveLength(1);
  });

  it('closes a round once, storing its report verbatim and giving the project back its blindness', async () => {
    const s = storage();
    await seed(s);
    await s.startRound(round('r1', true), draft([], 'round-start'));
    const report = {
      report: { pooled: { kappa: 0.6123456789012345 } },
      state: { d1: { text: 4 } },
      n: [1, null],
    };
    const access = (await s.accessVersions(['p1'])).get('p1')!;
    const closed = await s.closeRound(
      'r1',
      { closedAt: '2026-03-02T00:00:00.000Z', agreement: report },
      draft([], 'round-close'),
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: '2026-03-02T00:00:00.000Z',
      closedCodebookVersion: 2,
    });
    expect(await s.frozenAgreement('r1')).toEqual(report);
    expect((await s.getProject('p1'))?.blind).toBe(false);
    expect((await s.accessVersions(['p1'])).get('p1')).toBeGreaterThan(access);
    expect(await s.closeRound('r1', { closedAt: at, agreement: {} }, draft([], 'round-close'))).toBeNull();
    expect(await s.frozenAgreement('r1')).toEqual(report);
    // Now another may start; rounds are listed oldest first.
    await s.startRound(
      { ...round('r2', false), startedAt: '2026-03-03T00:00:00.000Z' },
      draft([], 'round-start'),
    );
    expect((await s.listRounds('p1')).map((r) => [r.id, r.status])).toEqual([
      ['r1', 'closed'],
      ['r2', 'open'],
    ]);
    expect((await s.listCodebookVersions('p1')).map((v) => [v.version, v.reason])).toEqual([
      [1, 'round-start'],
      [2, 'round-close'],
      [3, 'round-start'],
    ]);
  });

  it('restores a blind project default after an open round', async () => {
    const s = storage();
    await seed(s);
    await s.updateProject('p1', { blind: true });
    await s.startRound(round('r1', false), draft([], 'round-start'));
    expect((await s.getProject('p1'))?.blind).toBe(false);
    await s.closeRound('r1', { closedAt: at, agreement: {} }, draft([], 'round-close'));
    expect((await s.getProject('p1'))?.blind).toBe(true);
  });

  it('replaces assignments whole and drops those of deleted documents', async () => {
    const s = storage();
    await seed(s);
    await s.putAssignments('p1', [
      { documentId: 'd2', coders: ['u2', 'u1'] },
      { documentId: 'd1', coders: ['u1'] },
    ]);
    expect(await s.listAssignments('p1')).toEqual([
      { documentId: 'd1', coders: ['u1'] },
      { documentId: 'd2', coders: ['u1', 'u2'] },
    ]);
    await s.putAssignments('p1', [
      { documentId: 'd3', coders: ['u3'] },
      { documentId: 'd2', coders: ['u2'] },
    ]);
    expect(await s.listAssignments('p1')).toEqual([
      { documentId: 'd2', coders: ['u2'] },
      { documentId: 'd3', coders: ['u3'] },
    ]);
    await s.deleteDocuments(['d3']);
    expect(await s.listAssignments('p1')).toEqual([{ documentId: 'd2', coders: ['u2'] }]);
  });
}
