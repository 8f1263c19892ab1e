/**
 * The target read against real reports, the trajectory and the methods section built from them.
 * The reports come from the agreement engine on Krippendorff's (2004, p. 224) binary example, so
 * the figures the text and table carry are known: α = .095, percent agreement 60%.
 */
import { describe, expect, it } from 'vitest';
import { computeAgreement, type AgreementReport } from '../../../shared/agreement/index.ts';
import {
  describeChanges,
  formatCoefficient,
  formatPercent,
  METHODS_COLUMNS,
  methodsDocument,
  type MethodsRound,
} from '../../../shared/rounds/methods.ts';
import type { Round } from '../../../shared/rounds/schemas.ts';
import { bandOf, codeValue, pooledValue, reaches } from '../../../shared/rounds/target.ts';
import { trajectory, type VersionDiff } from '../../../shared/rounds/trajectory.ts';

// Krippendorff (2004), Content Analysis, 2nd ed., p. 224: two coders, ten units, binary values.
const K2004: [number, number][] = [
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
  [0, 0],
  [0, 1],
  [0, 0],
  [0, 1],
  [0, 0],
  [0, 0],
];

/**
 * One document of ten one-character units: code `rare` coded as in Krippendorff's example, code
 * `same` applied by both coders to units 0–4 (perfect agreement).
 */
function report(ci = false): AgreementReport {
  const codings = [];
  for (const [i, [a, b]] of K2004.entries()) {
    if (a === 1) codings.push({ document: 'd', coder: 'a', code: 'rare', start: i, end: i + 1 });
    if (b === 1) codings.push({ document: 'd', coder: 'b', code: 'rare', start: i, end: i + 1 });
    if (i < 5)
      for (const coder of ['a', 'b'])
        codings.push({ document: 'd', coder, code: 'same', start: i, end: i + 1 });
  }
  return computeAgreement(
    {
      documents: [{ id: 'd', length: 10, units: K2004.map((_, i) => [i, i + 1] as [number, number]) }],
      coders: ['a', 'b'],
      codes: [
        { id: 'rare', name: 'Rare | odd' },
        { id: 'same', name: 'Same' },
      ],
      codings,
    },
    { unit: 'segment', segments: 'given', ...(ci ? { ci: { replicates: 200, seed: 3 } } : {}) },
  );
}

const round = (id: string, name: string, over: Partial<Round> = {}): Round => ({
  id,
  projectId: 'p',
  name,
  blind: true,
  recode: false,
  status: 'closed',
  coders: ['a', 'b'],
  documents: ['d'],
  sample: null,
  codedBefore: [],
  codebookVersion: 1,
  closedCodebookVersion: 2,
  startedAt: '2026-01-01T00:00:00.000Z',
  startedBy: 'o',
  closedAt: '2026-01-02T00:00:00.000Z',
  ...over,
});

const renamed: VersionDiff = {
  from: 2,
  to: 3,
  added: [{ id: 'k9', name: 'New', parentId: null }],
  removed: [],
  merged: [],
  renamed: [{ id: 'rare', from: 'Rare | odd', to: 'Rare' }],
  moved: [],
  redefined: [],
};

describe('the target', () => {
  it('reads a code’s figure in its measure and says whether it reaches it (Krippendorff 2004, p. 224)', () => {
    const r = report();
    const [rare, same] = r.codes as [AgreementReport['codes'][0], AgreementReport['codes'][0]];
    // Published: α = .095 (D_o = .400, D_e = .442), percent agreement 60%.
    expect(codeValue(rare, 'krippendorffAlpha', r.pairs)).toBeCloseTo(0.095, 3);
    expect(rare.percentAgreement).toBeCloseTo(0.6, 12);
    // Cohen's κ with one pair is that pair's κ; AC1 and Fleiss' κ are the report's own fields.
    expect(codeValue(rare, 'cohenKappa', r.pairs)).toBe(rare.cohensKappa['a|b']);
    expect(codeValue(rare, 'gwetAC1', r.pairs)).toBe(rare.gwetAC1);
    expect(codeValue(rare, 'fleissKappa', r.pairs)).toBe(rare.fleissKappa);
    expect(codeValue(same, 'krippendorffAlpha', r.pairs)).toBe(1);
    expect(pooledValue(r.overall, 'cohenKappa')).toBe(r.overall.pooledKappa);

    const target = { measure: 'krippendorffAlpha', value: 0.667 } as const;
    expect(reaches(codeValue(rare, 'krippendorffAlpha', r.pairs), target)).toBe(false);
    expect(reaches(1, target)).toBe(true);
    // "α ≥ .667" includes the value itself; no target or no figure: neither reaches nor misses.
    expect(reaches(0.667, target)).toBe(true);
    expect(reaches(0.5, null)).toBeNull();
    expect(reaches(null, target)).toBeNull();
    expect(bandOf('krippendorffAlpha', 0.667).label).toBe('tentative');
    expect(bandOf('cohenKappa', 0.7).label).toBe('substantial');
  });

  it('marks per round which codes reach it in the trajectory, with the codebook changes before each round', () => {
    const r = report();
    const t = trajectory(
      [
        { round: round('r1', 'Pilot'), report: r, changesBefore: null },
        {
          round: round('r2', 'Second', { status: 'open', closedAt: null }),
          report: r,
          changesBefore: renamed,
        },
      ],
      { measure: 'krippendorffAlpha', value: 0.667 },
    );
    expect(t.rounds.map((x) => x.codes.map((c) => [c.codeId, c.reaches]))).toEqual([
      [
        ['rare', false],
        ['same', true],
      ],
      [
        ['rare', false],
        ['same', true],
      ],
    ]);
    expect(t.rounds[0]).toMatchObject({
      id: 'r1',
      status: 'closed',
      documents: 1,
      coders: 2,
      codebookChangesBefore: null,
    });
    expect(t.rounds[0]!.pooled).toEqual({
      cohenKappa: r.overall.pooledKappa,
      krippendorffAlpha: r.overall.krippendorffAlpha,
      gwetAC1: r.overall.gwetAC1,
      percentAgreement: r.overall.percentAgreement,
    });
    expect(t.rounds[1]!.codebookChangesBefore).toBe(renamed);
    // Without a target the values are Cohen's κ and nothing reaches or misses.
    const plain = trajectory([{ round: round('r1', 'Pilot'), report: r, changesBefore: null }], null);
    expect(plain.rounds[0]!.codes[0]).toEqual({
      codeId: 'rare',
      name: 'Rare | odd',
      value: r.codes[0]!.cohensKappa['a|b'],
      reaches: null,
    });
  });
});

describe('the methods section', () => {
  it('formats every figure once: three decimals without the leading zero, percentages to one decimal', () => {
    expect(formatCoefficient(0.0952)).toBe('.095');
    expect(formatCoefficient(1)).toBe('1.000');
    expect(formatCoefficient(-0.05)).toBe('\u2212.050');
    expect(formatCoefficient(-0.0001)).toBe('.000');
    expect(formatCoefficient(null)).toBe('—');
    expect(formatPercent(0.6)).toBe('60.0%');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(describeChanges(renamed)).toBe('2 changes (1 added, 1 renamed)');
    expect(describeChanges({ ...renamed, added: [], renamed: [] })).toBe('none');
  });

  it('writes one table row per closed round with the report’s figures, codes below the target and the changes after it', () => {
    const r = report(true);
    const perfect = { ...r, overall: { ...r.overall, pooledKappa: 1 } };
    const rounds: MethodsRound[] = [
      {
        round: round('r1', 'Pilot'),
        report: r,
        changesAfter: renamed,
        adjudicated: { regions: 3, accepted: 2, own: 1 },
      },
      {
        round: round('r2', 'Second', {
          blind: false,
          sample: { count: 1, seed: 7, includeSampled: false, eligible: 4, strata: [] },
        }),
        report: r,
        changesAfter: null,
        adjudicated: { regions: 0, accepted: 0, own: 0 },
        // A recode round: the two coders' reports against themselves (the example's report and
        // the same with a pooled κ of 1, so the range is known).
        intraCoder: { a: { report: r }, b: { report: perfect } },
      },
    ];
    const doc = methodsDocument({
      projectName: 'Study',
      documentsInProject: 4,
      target: { measure: 'krippendorffAlpha', value: 0.667 },
      rounds,
      openRound: 'Third',
    });
    expect(doc.table.header).toEqual([...METHODS_COLUMNS]);
    const ci = r.overall.ci!;
    const interval = (v: number | null, c: { lower: number | null; upper: number | null }) =>
      `${formatCoefficient(v)} [${formatCoefficient(c.lower)}, ${formatCoefficient(c.upper)}]`;
    expect(doc.table.rows[0]).toEqual([
      'Pilot',
      '1 (25.0%)',
      '2',
      'yes',
      'segments: given segments, any overlap',
      interval(r.overall.pooledKappa, ci.pooledKappa),
      interval(r.overall.krippendorffAlpha, ci.krippendorffAlpha),
      interval(r.overall.gwetAC1, ci.gwetAC1),
      formatPercent(r.overall.percentAgreement),
      String(r.overall.items),
      'Rare | odd',
      '2 changes (1 added, 1 renamed)',
      '3 regions into the consensus (2 by accepting a coder’s version, 1 coded anew by the reviewer)',
    ]);
    expect(doc.table.rows[1]![3]).toBe('no');
    expect(doc.table.rows[1]![11]).toBe('— (last round)');
    expect(doc.table.rows[1]![12]).toBe('none recorded');
    const text = doc.paragraphs.join('\n');
    expect(text).toContain('Inter-coder reliability was assessed in 2 rounds');
    expect(text).toContain('Krippendorff’s α ≥ .667');
    expect(text).toContain('1 of 2 codes reached the target; below it: Rare | odd.');
    expect(text).toContain('drawn at random (seed 7)');
    expect(text).toContain('200 replicates, seed 3');
    expect(text).toContain('adjudicated 3 regions');
    expect(text).toContain(
      `intra-coder agreement (pooled κ of a coder’s two codings) ranged from ${formatCoefficient(r.overall.pooledKappa)} to 1.000.`,
    );
    expect(text).toContain('Round “Third” is still open');
    expect(doc.references.some((ref) => ref.startsWith('Krippendorff, K. (2004)'))).toBe(true);
    expect(doc.references.some((ref) => ref.startsWith('Gwet, K. L. (2008)'))).toBe(true);
  });

  it('agrees in number with one and with many documents, coders and rounds', () => {
    const r = report();
    const one = methodsDocument({
      projectName: 'S',
      documentsInProject: 1,
      target: null,
      rounds: [
        {
          round: round('r1', 'Only'),
          report: { ...r, coders: ['a'] },
          changesAfter: null,
          adjudicated: { regions: 0, accepted: 0, own: 0 },
        },
      ],
      openRound: null,
    });
    const oneText = [...one.paragraphs, ...one.table.notes].join('\n');
    expect(oneText).toContain('1 document chosen by the team was given to 1 coder');
    expect(oneText).toContain('1 of the 1 document in the project (100.0%) was double-coded');
    expect(oneText).toContain('share of the 1 document in the project');
    expect(oneText).not.toMatch(/\b1 (documents|coders|rounds)\b|\(s\)/);
    const many = methodsDocument({
      projectName: 'S',
      documentsInProject: 7,
      target: null,
      rounds: [
        {
          round: round('r1', 'First', { documents: ['d', 'e'] }),
          report: { ...r, documentsPairable: 2 },
          changesAfter: null,
          adjudicated: { regions: 0, accepted: 0, own: 0 },
        },
      ],
      openRound: null,
    });
    const manyText = many.paragraphs.join('\n');
    expect(manyText).toContain('2 documents chosen by the team were given to 2 coders');
    expect(manyText).toContain('2 of the 7 documents in the project (28.6%) were double-coded');
  });

  it('never claims blindness for documents coded before the blind round started', () => {
    const r = report();
    const text = (over: Partial<Round>) =>
      methodsDocument({
        projectName: 'S',
        documentsInProject: 3,
        target: null,
        rounds: [
          {
            round: round('r1', 'Blind', over),
            report: r,
            changesAfter: null,
            adjudicated: { regions: 0, accepted: 0, own: 0 },
          },
        ],
        openRound: null,
      }).paragraphs.join('\n');
    const clean = text({ documents: ['d', 'e'] });
    expect(clean).toContain('each blind to the others’ coding until the round closed');
    const some = text({ documents: ['d', 'e', 'f'], codedBefore: ['e'] });
    expect(some).toContain(
      '(1 of these documents had already been coded, outside a blind round, before the round started); on the other 2 documents, each coder was blind',
    );
    const all = text({ documents: ['d', 'e'], codedBefore: ['d', 'e'] });
    expect(all).toContain(
      '(all of them had already been coded, outside a blind round, before the round started, so the coding was not blind)',
    );
    expect(all).not.toContain('each blind');
  });

  it('says there is nothing to report before any round has closed', () => {
    const doc = methodsDocument({
      projectName: 'S',
      documentsInProject: 0,
      target: null,
      rounds: [],
      openRound: null,
    });
    expect(doc.table.rows).toEqual([]);
    expect(doc.paragraphs).toEqual([
      'No reliability round has been closed in this project yet, so there are no frozen figures to report.',
    ]);
    expect(doc.table.notes).toContain('No agreement target was set.');
  });
});
