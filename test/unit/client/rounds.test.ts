import { describe, expect, it } from 'vitest';
import {
  attributeNames,
  codeTrajectories,
  diffLines,
  diffSize,
  frozenNote,
  newSeed,
  parseTargetValue,
  pooledFor,
  codedBeforeWarning,
  previewSample,
  startRoundBody,
  targetBand,
  workloadRows,
  type StartRoundForm,
} from '../../../client/src/model/rounds.ts';
import type { CodebookDiff, TrajectoryRound } from '../../../client/src/api/roundsSchemas.ts';

const form: StartRoundForm = {
  name: ' Pilot ',
  blind: true,
  coders: ['u1', 'u2'],
  mode: 'sample',
  documents: [],
  sizeKind: 'percent',
  size: '20',
  seed: '20260301',
  stratifyBy: 'site',
  includeSampled: false,
};

describe('the start-round form', () => {
  it('builds a sampled round: the percentage as a fraction, the seed, the strata', () => {
    expect(startRoundBody(form)).toEqual({
      body: {
        name: 'Pilot',
        blind: true,
        coders: ['u1', 'u2'],
        sample: { fraction: 0.2, seed: 20260301, stratifyBy: 'site', includeSampled: false },
      },
    });
    expect(startRoundBody({ ...form, size: '15', sizeKind: 'percent', stratifyBy: '' })).toMatchObject({
      body: { sample: { fraction: 0.15, seed: 20260301, includeSampled: false } },
    });
    expect(startRoundBody({ ...form, sizeKind: 'count', size: '3', includeSampled: true })).toMatchObject({
      body: { sample: { count: 3, includeSampled: true } },
    });
  });

  it('builds a round of picked documents', () => {
    expect(startRoundBody({ ...form, mode: 'pick', documents: ['d2', 'd1'], blind: false })).toEqual({
      body: { name: 'Pilot', blind: false, coders: ['u1', 'u2'], documents: ['d2', 'd1'] },
    });
  });

  it('names each problem at its field, in words', () => {
    const result = startRoundBody({ ...form, name: '  ', coders: ['u1'], size: '0', seed: '1.5' });
    expect(result).toEqual({
      errors: {
        name: expect.stringMatching(/name/),
        coders: expect.stringMatching(/two coders/),
        size: expect.stringMatching(/percent/),
        seed: expect.stringMatching(/whole number/),
      },
    });
    expect(startRoundBody({ ...form, sizeKind: 'count', size: '2.5' })).toEqual({
      errors: { size: expect.stringMatching(/whole number of documents/) },
    });
    expect(startRoundBody({ ...form, mode: 'pick', documents: [] })).toEqual({
      errors: { documents: expect.stringMatching(/documents/) },
    });
  });

  it('draws six-digit seeds from the random source it is given', () => {
    expect(newSeed(() => 0)).toBe(100000);
    expect(newSeed(() => 0.999999999)).toBe(999999);
    expect(newSeed(() => 0.5)).toBe(550000);
  });
});

const emptyDiff: CodebookDiff = {
  from: 1,
  to: 2,
  added: [],
  removed: [],
  merged: [],
  renamed: [],
  moved: [],
  redefined: [],
};

describe('the sample preview', () => {
  const docs = Array.from({ length: 12 }, (_, i) => ({
    id: `d${String(i).padStart(2, '0')}`,
    attributes: {},
  }));
  const counted = { ...form, sizeKind: 'count' as const, size: '3', seed: '2024', stratifyBy: '' };

  it('is the documented reference draw (docs/rounds.md: d00…d11, count 3, seed 2024)', () => {
    expect(previewSample(counted, docs, [])).toEqual({
      documents: ['d01', 'd02', 'd10'],
      eligible: 12,
      strata: [{ stratum: '', size: 12, drawn: 3 }],
    });
  });

  it('leaves out earlier rounds’ documents unless asked, and needs a valid sample', () => {
    const preview = previewSample(counted, docs, [{ documents: ['d01', 'd02'] }])!;
    expect(preview.eligible).toBe(10);
    expect(preview.documents).not.toContain('d01');
    expect(
      previewSample({ ...counted, includeSampled: true }, docs, [{ documents: ['d01'] }])!.eligible,
    ).toBe(12);
    expect(previewSample({ ...counted, seed: '' }, docs, [])).toBeNull();
    expect(previewSample({ ...counted, mode: 'pick' }, docs, [])).toBeNull();
    // A 20% share of 12 documents is 2.4, rounded to 2.
    expect(previewSample({ ...counted, sizeKind: 'percent', size: '20' }, docs, [])!.documents).toHaveLength(
      2,
    );
  });
});

describe('documents coded before the round', () => {
  const docs = Array.from({ length: 4 }, (_, i) => ({ id: `d${i}`, attributes: {} }));
  const prior = [
    { documentId: 'd0', coders: ['u1'] },
    { documentId: 'd1', coders: ['outsider'] },
    { documentId: 'd2', coders: ['u1', 'u2'] },
  ];
  const counted = { ...form, coders: ['u1', 'u2'], sizeKind: 'count' as const, size: '4', stratifyBy: '' };

  it('are left out of the preview when the round’s coders coded them, as the server does', () => {
    expect(previewSample(counted, docs, [], prior)!.documents).toEqual(['d1', 'd3']);
    expect(previewSample({ ...counted, includeCoded: true }, docs, [], prior)!.eligible).toBe(4);
    expect(previewSample({ ...counted, recode: true }, docs, [], prior)!.eligible).toBe(4);
    expect(startRoundBody({ ...counted, includeCoded: true })).toMatchObject({
      body: { sample: { includeCoded: true } },
    });
  });

  it('are named in a warning before the round starts, in the singular and the plural', () => {
    const title = (id: string) => `Interview ${id.slice(1)}`;
    const name = (id: string) => ({ u1: 'Ann', u2: 'Bea' })[id] ?? id;
    const blind = { blind: true, coders: ['u1', 'u2'] };
    expect(codedBeforeWarning(blind, ['d1', 'd3'], prior, title, name)).toBeNull();
    expect(codedBeforeWarning(blind, ['d0', 'd3'], prior, title, name)).toBe(
      'Interview 0 (by Ann) has already been coded or marked done, before this round. That coding was not made blind: the round’s methods text will say so, and claim blindness only for the other documents.',
    );
    expect(codedBeforeWarning({ ...blind, blind: false }, ['d0', 'd2'], prior, title, name)).toBe(
      'Interview 0 (by Ann) and Interview 2 (by Ann and Bea) have already been coded or marked done, before this round. The round’s methods text will say so.',
    );
    expect(codedBeforeWarning({ ...blind, recode: true }, ['d0'], prior, title, name)).toBeNull();
  });
});

describe('codebook changes in words', () => {
  it('lists renames and merges first, then the rest', () => {
    const diff: CodebookDiff = {
      ...emptyDiff,
      added: [{ id: 'c9', name: 'Trust', parentId: 't1' }],
      removed: [{ id: 'c8', name: 'Old' }],
      merged: [{ id: 'c3', name: 'Funding', into: { id: 'c4', name: 'Budgets' } }],
      renamed: [{ id: 'c1', from: 'Leaders', to: 'Clinical leaders' }],
      moved: [{ id: 'c2', name: 'Voice', fromParentId: null, toParentId: 't1' }],
      redefined: [
        {
          id: 'c5',
          name: 'Risk',
          changes: [
            { field: 'description', before: 'a', after: 'b' },
            { field: 'exclusion', before: '', after: 'c' },
          ],
        },
      ],
    };
    expect(diffLines(diff, new Map([['t1', 'Governance']]))).toEqual([
      { kind: 'renamed', text: 'Renamed “Leaders” to “Clinical leaders”' },
      { kind: 'merged', text: 'Merged “Funding” into “Budgets”' },
      { kind: 'added', text: 'Added “Trust”' },
      { kind: 'removed', text: 'Removed “Old”' },
      { kind: 'moved', text: 'Moved “Voice” from the top level to “Governance”' },
      { kind: 'redefined', text: 'Changed the definition, exclusion criteria of “Risk”' },
    ]);
    expect(diffSize(diff)).toBe(6);
    expect(diffSize(emptyDiff)).toBe(0);
  });
});

describe('targets and the trajectory', () => {
  it('says the band of a target with its source', () => {
    expect(targetBand({ measure: 'cohenKappa', value: 0.7 })).toBe('substantial (Landis & Koch (1977))');
    expect(targetBand({ measure: 'krippendorffAlpha', value: 0.667 })).toBe(
      'tentative (Krippendorff (2004, p. 241))',
    );
    expect(parseTargetValue('0.70')).toEqual({ value: 0.7 });
    expect(parseTargetValue('1.2')).toEqual({ error: expect.stringMatching(/between -1 and 1/) });
    expect(parseTargetValue('')).toEqual({ error: expect.stringMatching(/between -1 and 1/) });
  });

  const round = (id: string, codes: TrajectoryRound['codes']): TrajectoryRound => ({
    id,
    name: id,
    status: 'closed',
    startedAt: '2026-01-01T00:00:00Z',
    closedAt: '2026-01-02T00:00:00Z',
    blind: true,
    documents: 3,
    coders: 2,
    pooled: { cohenKappa: 0.5, krippendorffAlpha: 0.45, gwetAC1: 0.8, percentAgreement: 0.9 },
    codes,
    codebookChangesBefore: null,
  });

  it('lines each code up across rounds, with gaps where a code is absent', () => {
    const rows = codeTrajectories([
      round('r1', [
        { codeId: 'a', name: 'A', value: 0.4, reaches: false },
        { codeId: 'b', name: 'B', value: 0.9, reaches: true },
      ]),
      round('r2', [
        { codeId: 'a', name: 'A renamed', value: 0.75, reaches: true },
        { codeId: 'c', name: 'C', value: null, reaches: null },
      ]),
    ]);
    expect(rows).toEqual([
      {
        codeId: 'a',
        name: 'A renamed',
        cells: [
          { value: 0.4, reaches: false },
          { value: 0.75, reaches: true },
        ],
      },
      {
        codeId: 'b',
        name: 'B',
        cells: [
          { value: 0.9, reaches: true },
          { value: null, reaches: null },
        ],
      },
      {
        codeId: 'c',
        name: 'C',
        cells: [
          { value: null, reaches: null },
          { value: null, reaches: null },
        ],
      },
    ]);
    expect(pooledFor(round('r', []), 'gwetAC1')).toBe(0.8);
    expect(pooledFor(round('r', []), 'fleissKappa')).toBe(0.5);
    expect(pooledFor(round('r', []), 'krippendorffAlpha')).toBe(0.45);
  });
});

describe('workload, strata and dates', () => {
  it('writes workloads in name order with the share done', () => {
    const names = new Map([
      ['u1', 'Zoe'],
      ['u2', 'Ann'],
    ]);
    expect(
      workloadRows(
        [
          { coderId: 'u1', assigned: 4, done: 1 },
          { coderId: 'u2', assigned: 0, done: 0 },
        ],
        (id) => names.get(id)!,
      ),
    ).toEqual([
      { coderId: 'u2', name: 'Ann', assigned: 0, done: 0, share: 0 },
      { coderId: 'u1', name: 'Zoe', assigned: 4, done: 1, share: 0.25 },
    ]);
  });

  it('offers the attributes documents have as strata', () => {
    expect(
      attributeNames([{ attributes: { site: 'A', source: 'x' } }, { attributes: { site: 'B', wave: '2' } }]),
    ).toEqual(['site', 'source', 'wave']);
  });

  it('dates the frozen note', () => {
    expect(frozenNote('2026-03-03T14:05:00Z', 'en-GB')).toMatch(
      /^Frozen on 3 March 2026.*, figures will not change\.$/,
    );
  });
});
