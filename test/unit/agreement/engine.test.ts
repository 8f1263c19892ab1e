/**
 * The engine's rules on small hand-made inputs: segmentation, θ, missing coders, unions, nulls with
 * reasons, exclusive groups, unitizing across documents, bootstrap intervals and the sampler.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { cohensKappa } from '../../../shared/agreement/cohen.ts';
import { pairContingency } from '../../../shared/agreement/contingency.ts';
import { coreMeasures, fullMeasures, keyedPairs } from '../../../shared/agreement/measures.ts';
import { patternTableFromUnits } from '../../../shared/agreement/patterns.ts';
import { Rng } from '../../../shared/agreement/rng.ts';
import { deriveSegments } from '../../../shared/agreement/segments.ts';
import {
  analyseDocument,
  combine,
  computeAgreement,
  createAgreementContext,
  type AgreementInput,
  type AgreementReport,
} from '../../../shared/agreement/index.ts';
import { randomInput } from './random.ts';

/** [start, end) of `part` in `text` (ASCII text: UTF-16 index = code point). */
function span(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start < 0) throw new Error(`'${part}' not in text`);
  return { start, end: start + part.length };
}

describe('segments', () => {
  it('paragraphs are runs of non-blank lines, trimmed', () => {
    const text = 'A b.\nC d.\n\n  E f.  \n\n\n';
    expect(deriveSegments(text, 'paragraph')).toEqual([span(text, 'A b.\nC d.'), span(text, 'E f.')]);
  });

  it('lines skip blank lines and trim white space', () => {
    const text = ' one \r\n\r\ntwo\rthree';
    expect(deriveSegments(text, 'line')).toEqual([span(text, 'one'), span(text, 'two'), span(text, 'three')]);
  });

  it('sentences end at terminal punctuation followed by space, and never cross a line', () => {
    const text = 'Hello there. How are you? Fine!\nNo stop here\nIt costs 3.50 today.';
    expect(deriveSegments(text, 'sentence')).toEqual([
      span(text, 'Hello there.'),
      span(text, 'How are you?'),
      span(text, 'Fine!'),
      span(text, 'No stop here'),
      span(text, 'It costs 3.50 today.'),
    ]);
  });

  it('speaker turns run from "Name:" to the next turn, without the label', () => {
    const text =
      'Preamble line\nInterviewer: How was it?\nDr. Anna Lee: Hard.\nStill hard at 10:30 though.\nQ:\nWhy?';
    expect(deriveSegments(text, 'turn')).toEqual([
      span(text, 'Preamble line'),
      span(text, 'How was it?'),
      span(text, 'Hard.\nStill hard at 10:30 though.'),
      span(text, 'Why?'),
    ]);
  });

  it('counts code points, not UTF-16 units', () => {
    const text = '😀 ab\ncd 😀\nef';
    expect(deriveSegments(text, 'line')).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
      { start: 10, end: 12 },
    ]);
  });
});

/** Two coders, one document with given units, one code. */
function twoCoders(
  units: [number, number][],
  codings: [string, number, number][],
  length = 20,
): AgreementInput {
  return {
    documents: [{ id: 'd', length, units }],
    coders: ['a', 'b'],
    codes: [{ id: 'x', name: 'X' }],
    codings: codings.map(([coder, start, end]) => ({ document: 'd', coder, code: 'x', start, end })),
  };
}

function pairTable(report: AgreementReport): number[][] | undefined {
  return report.codes[0]?.pairs['a|b']?.table;
}

describe('coverage threshold θ', () => {
  const input = twoCoders(
    [
      [0, 10],
      [10, 20],
    ],
    [
      ['a', 0, 3],
      ['b', 0, 10],
      ['b', 10, 20],
    ],
  );
  // Coder a covers 3 of the first unit's 10 code points and nothing of the second; b covers both.
  it.each([
    ['any', true],
    [0, true],
    [0.3, true],
    [0.31, false],
    [1, false],
  ] as const)('θ = %s: coder a applied the code to the first unit: %s', (overlap, applied) => {
    const t = pairTable(computeAgreement(input, { unit: 'segment', segments: 'given', overlap }));
    // Rows: coder a absent/present; columns: coder b absent/present.
    expect(t).toEqual([
      [0, applied ? 1 : 2],
      [0, applied ? 1 : 0],
    ]);
  });
});

describe('pair figures', () => {
  it('PABAK, specific agreement, prevalence and bias index of a 2×2 table', () => {
    // Ten one-character units; a applies the code to units 0–3, b to units 2–5.
    const r = computeAgreement(
      twoCoders(
        Array.from({ length: 10 }, (_, i) => [i, i + 1] as [number, number]),
        [
          ['a', 0, 4],
          ['b', 2, 6],
        ],
        10,
      ),
      { unit: 'segment', segments: 'given' },
    );
    const pair = r.codes[0]?.pairs['a|b'];
    // Both absent 4, b only 2, a only 2, both present 2.
    expect(pair?.table).toEqual([
      [4, 2],
      [2, 2],
    ]);
    expect(pair?.percentAgreement).toBeCloseTo(0.6, 12);
    expect(pair?.pabak).toBeCloseTo(2 * 0.6 - 1, 12);
    expect(pair?.positiveAgreement).toBeCloseTo((2 * 2) / (2 * 2 + 2 + 2), 12);
    expect(pair?.negativeAgreement).toBeCloseTo((2 * 4) / (2 * 4 + 2 + 2), 12);
    expect(pair?.prevalenceIndex).toBeCloseTo((2 - 4) / 10, 12);
    expect(pair?.biasIndex).toBeCloseTo(0, 12);
    // The code-level specific agreement (coincidence matrix) equals the pair's for two coders.
    expect(r.codes[0]?.positiveAgreement).toBeCloseTo(pair?.positiveAgreement ?? Number.NaN, 12);
    expect(r.codes[0]?.negativeAgreement).toBeCloseTo(pair?.negativeAgreement ?? Number.NaN, 12);
  });
});

describe('codings of one coder', () => {
  it('overlapping codings of the same code are unioned', () => {
    const split = twoCoders(
      [],
      [
        ['a', 0, 5],
        ['a', 3, 8],
        ['b', 2, 9],
      ],
    );
    const whole = twoCoders(
      [],
      [
        ['a', 0, 8],
        ['b', 2, 9],
      ],
    );
    for (const unit of ['character', 'unitizing'] as const) {
      const s = computeAgreement(split, { unit });
      const w = computeAgreement(whole, { unit });
      expect(pairTable(s)).toEqual(pairTable(w));
      expect(s.codes[0]?.alphaU).toBe(w.codes[0]?.alphaU);
    }
  });

  it('adjacent codings are one coverage but two units when unitizing', () => {
    const adjacent = twoCoders(
      [],
      [
        ['a', 0, 5],
        ['a', 5, 8],
        ['b', 0, 8],
      ],
    );
    const whole = twoCoders(
      [],
      [
        ['a', 0, 8],
        ['b', 0, 8],
      ],
    );
    expect(pairTable(computeAgreement(adjacent, { unit: 'character' }))).toEqual(
      pairTable(computeAgreement(whole, { unit: 'character' })),
    );
    expect(computeAgreement(whole, { unit: 'unitizing' }).codes[0]?.alphaU).toBe(1);
    expect(computeAgreement(adjacent, { unit: 'unitizing' }).codes[0]?.alphaU).toBeLessThan(1);
  });
});

describe('a coder who has not completed a document is missing there', () => {
  const base: AgreementInput = {
    documents: [
      { id: 'd1', length: 10 },
      { id: 'd2', length: 10 },
    ],
    coders: ['a', 'b'],
    codes: [{ id: 'x', name: 'X' }],
    codings: [
      { document: 'd1', coder: 'a', code: 'x', start: 0, end: 5 },
      { document: 'd1', coder: 'b', code: 'x', start: 0, end: 5 },
      { document: 'd2', coder: 'a', code: 'x', start: 0, end: 10 },
    ],
  };

  it('not as "coded nothing"', () => {
    const missing = computeAgreement(
      { ...base, completed: { d1: ['a', 'b'], d2: ['a'] } },
      { unit: 'character' },
    );
    const nothing = computeAgreement(base, { unit: 'character' });
    expect(missing.codes[0]?.units).toBe(10);
    expect(missing.codes[0]?.krippendorffAlpha).toBe(1);
    expect(nothing.codes[0]?.units).toBe(20);
    expect(nothing.codes[0]?.krippendorffAlpha).toBeLessThan(1);
    expect(missing.documentsPairable).toBe(1);
    expect(missing.warnings.join(' ')).toMatch(/completed by fewer than two coders/);
  });

  it('their codings there are ignored, with a warning', () => {
    const r = computeAgreement({ ...base, completed: { d1: ['a', 'b'], d2: ['b'] } }, { unit: 'character' });
    expect(r.warnings.join(' ')).toMatch(/1 coding\(s\) by coders who had not completed/);
    const doc = r.documents?.find((d) => d.document === 'd2');
    expect(doc?.coders).toEqual(['b']);
    expect(doc?.krippendorffAlpha).toBeNull();
    expect(doc?.krippendorffAlphaReason).toBe('fewer than two pairable values');
  });

  it('and alpha_u uses only the documents every coder completed', () => {
    const r = computeAgreement({ ...base, completed: { d1: ['a', 'b'], d2: ['a'] } }, { unit: 'unitizing' });
    expect(r.documentsUnitized).toBe(1);
    expect(r.codes[0]?.alphaU).toBe(1);
    expect(r.caveats.join(' ')).toMatch(/only the 1 of 2 documents that every coder marked done/);
  });
});

const PAIR_MAPS = new Set([
  'cohensKappa',
  'pooledKappaByPair',
  'averageKappaByPair',
  'gwetAC1ByPair',
  'holstiByPair',
]);
const NULL_BY_DESIGN = new Set([
  'segmentation',
  'overlap',
  'ci',
  'parent',
  'alphaUObserved',
  'alphaUExpected',
]);

/** Every number in the report is finite, and every null figure comes with its reason. */
function expectHonestNulls(report: AgreementReport): void {
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const [key, v] of Object.entries(record)) {
        if (v === null && (key === 'lower' || key === 'upper')) {
          // A missing interval carries one `reason`.
          expect(typeof record.reason, `${path} has no reason`).toBe('string');
        } else if (v === null && !NULL_BY_DESIGN.has(key)) {
          expect(typeof record[`${key}Reason`], `${path}.${key} has no reason`).toBe('string');
        }
        if (PAIR_MAPS.has(key) && v && typeof v === 'object') {
          const reasons = (record[`${key}Reason`] ?? {}) as Record<string, unknown>;
          for (const [pair, x] of Object.entries(v)) {
            if (x === null)
              expect(typeof reasons[pair], `${path}.${key}.${pair} has no reason`).toBe('string');
          }
        } else {
          walk(v, `${path}.${key}`);
        }
      }
    }
  };
  walk(report, 'report');
}

describe('undefined values are null with a reason, never NaN or a made-up 0 or 1', () => {
  it('no variation: nobody applied the code', () => {
    const r = computeAgreement(twoCoders([], []), { unit: 'character' });
    const c = r.codes[0];
    expect(c?.percentAgreement).toBe(1);
    expect(c?.cohensKappa['a|b']).toBeNull();
    expect(c?.cohensKappaReason?.['a|b']).toMatch(/no variation/);
    expect(c?.krippendorffAlpha).toBeNull();
    expect(c?.krippendorffAlphaReason).toMatch(/no variation/);
    expect(c?.alphaU).toBeNull();
    expect(c?.alphaUReason).toMatch(/no coder marked a unit/);
    expectHonestNulls(r);
  });

  it('one coder', () => {
    const r = computeAgreement(
      { ...twoCoders([], [['a', 0, 4]]), coders: ['a'] },
      { unit: 'segment', segments: 'given' },
    );
    expect(r.pairs).toEqual([]);
    expect(r.codes[0]?.krippendorffAlpha).toBeNull();
    expect(r.overall.pooledKappa).toBeNull();
    expect(r.warnings).toContain('Agreement needs at least two coders.');
    expectHonestNulls(r);
  });

  it('no documents at all', () => {
    const ctx = createAgreementContext({ coders: ['a', 'b'], codes: [{ id: 'x', name: 'X' }] });
    const r = combine(ctx, []);
    expect(r.documentCount).toBe(0);
    expect(r.overall.alphaU).toBeNull();
    expectHonestNulls(r);
  });

  it.each([1, 2, 3, 4, 5])('random inputs, seed %i', (seed) => {
    const input = randomInput(seed, {
      documents: 4,
      coders: 3,
      codes: 4,
      maxLength: 50,
      codingsPerCoder: 3,
      missing: 0.3,
      exclusive: 2,
    });
    for (const unit of ['character', 'segment', 'unitizing'] as const) {
      expectHonestNulls(computeAgreement(input, { unit, ci: { replicates: 20, seed } }));
    }
  });
});

describe('exclusive code groups', () => {
  // Three units; coder a: pos, neg, (none); coder b: pos, pos, neg.
  const input: AgreementInput = {
    documents: [
      {
        id: 'd',
        length: 30,
        units: [
          [0, 10],
          [10, 20],
          [20, 30],
        ],
      },
    ],
    coders: ['a', 'b'],
    codes: [
      { id: 'pos', name: 'Positive' },
      { id: 'neg', name: 'Negative' },
    ],
    exclusiveGroups: [{ id: 'tone', name: 'Tone', codes: ['pos', 'neg'] }],
    codings: [
      { document: 'd', coder: 'a', code: 'pos', start: 0, end: 10 },
      { document: 'd', coder: 'a', code: 'neg', start: 12, end: 15 },
      { document: 'd', coder: 'b', code: 'pos', start: 0, end: 20 },
      { document: 'd', coder: 'b', code: 'neg', start: 25, end: 26 },
    ],
  };

  it('rate each unit with one category per coder, "(none)" included', () => {
    const r = computeAgreement(input, { unit: 'segment', segments: 'given' });
    const g = r.groups[0];
    expect(g?.categories).toEqual(['(none)', 'pos', 'neg']);
    // Categories: (none) = 0, pos = 1, neg = 2.
    const expected = fullMeasures(
      patternTableFromUnits(
        [
          [1, 1],
          [2, 1],
          [0, 2],
        ],
        3,
      ),
      keyedPairs(['a', 'b']),
      false,
    );
    expect(g?.krippendorffAlpha).toBe(expected.krippendorffAlpha.value);
    expect(g?.cohensKappa['a|b']).toBe(expected.cohensKappa[0]?.value);
    expect(g?.conflicts).toBe(0);
  });

  it('pick the code with the largest coverage when a coder applied several, and warn', () => {
    const conflicted: AgreementInput = {
      ...input,
      codings: [...input.codings, { document: 'd', coder: 'a', code: 'neg', start: 0, end: 4 }],
    };
    const r = computeAgreement(conflicted, { unit: 'segment', segments: 'given' });
    expect(r.groups[0]?.conflicts).toBe(1);
    expect(r.groups[0]?.krippendorffAlpha).toBe(
      computeAgreement(input, { unit: 'segment', segments: 'given' }).groups[0]?.krippendorffAlpha,
    );
    expect(r.warnings.join(' ')).toMatch(/Exclusive group 'tone': on 1 unit\(s\)/);
  });

  it('get the 2016/2019 unitizing family when their segments partition the continuum', () => {
    // Worked by hand with the definitions of Krippendorff, Mathet, Bouvry & Widlöcher (2016,
    // Quality & Quantity 50:2347) and Krippendorff (2019, §12.6), nominal values, m = 2, L = 30:
    //   a: pos [0,10) φ [10,12) neg [12,15) φ [15,30);  b: pos [0,20) φ [20,25) neg [25,26) φ [26,30).
    // Coincidences ℓ (both orders): pos·pos 20, pos·neg 3, pos·φ 2+5 = 7, neg·φ 1, φ·φ 2·(5+4) = 18;
    // rows pos 30, neg 4, φ 26, ℓ.. = 60. Self-pairing: pos 10²+20² = 500, neg 3²+1² = 10, φ the
    // blank length 17+9 = 26, so ε_cc = 60(ℓ_c.² − s_c)/(60² − 536).
    //   uα  = 1 − (60 − 38)/(60 − 60·(400 + 6 + 650)/3064) = 1 − 22·3064/120480 = 3317/7530.
    //   |uα (valued vs φ): ℓ 26, 8, 18; rows 34, 26; s 510, 26: 1 − 16·3064/106080 = 1783/3315.
    //   cuα (valued matter only): ℓ pos·pos 20, pos·neg 3; rows 23, 3; μ² per segment: a pos 10²,
    //   a neg 3², b pos (10+3)², b neg 0 → s pos 269, neg 9; ε over 26² − 278 = 398:
    //   1 − 6/(26 − 26·260/398) = 1 − 2388/3588 = 100/299.
    const r = computeAgreement(input, { unit: 'unitizing' });
    expect(r.groups[0]?.uAlpha).toBeCloseTo(3317 / 7530, 12);
    expect(r.groups[0]?.uAlphaBinary).toBeCloseTo(1783 / 3315, 12);
    expect(r.groups[0]?.cuAlpha).toBeCloseTo(100 / 299, 12);
  });
});

describe('unitizing across documents', () => {
  it('concatenates documents: splitting a continuum where every coder has a unit boundary changes nothing', () => {
    const codings = (doc: string, shift: number, spans: [string, number, number][]) =>
      spans.map(([coder, start, end]) => ({
        document: doc,
        coder,
        code: 'x',
        start: start - shift,
        end: end - shift,
      }));
    const spans: [string, number, number][] = [
      ['a', 2, 10],
      ['a', 10, 14],
      ['b', 4, 10],
      ['b', 10, 12],
      ['b', 15, 18],
    ];
    const one: AgreementInput = {
      documents: [{ id: 'whole', length: 20 }],
      coders: ['a', 'b'],
      codes: [{ id: 'x', name: 'X' }],
      codings: codings('whole', 0, spans),
    };
    const two: AgreementInput = {
      ...one,
      documents: [
        { id: 'first', length: 10 },
        { id: 'second', length: 10 },
      ],
      codings: [
        ...codings(
          'first',
          0,
          spans.filter((s) => s[2] <= 10),
        ),
        ...codings(
          'second',
          10,
          spans.filter((s) => s[1] >= 10),
        ),
      ],
    };
    const r1 = computeAgreement(one, { unit: 'unitizing' }).codes[0];
    const r2 = computeAgreement(two, { unit: 'unitizing' }).codes[0];
    expect(r2?.alphaUObserved).toBeCloseTo(r1?.alphaUObserved ?? Number.NaN, 14);
    expect(r2?.alphaUExpected).toBeCloseTo(r1?.alphaUExpected ?? Number.NaN, 14);
  });
});

describe('options and context', () => {
  it('rejects invalid options with the path of the problem', () => {
    const attempt = (): unknown => createAgreementContext({ coders: ['a'], codes: [] }, { overlap: 2 });
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect(error instanceof AppError && error.issues?.[0]?.path).toEqual(['options', 'overlap']);
    }
  });

  it('ignores codings by coders or of codes outside the analysis (e.g. a consensus layer), with a warning', () => {
    const ctx = createAgreementContext(
      { coders: ['a', 'b'], codes: [{ id: 'x', name: 'X' }] },
      { unit: 'character' },
    );
    const partial = analyseDocument(ctx, {
      id: 'd',
      length: 10,
      completed: ['a', 'b', 'consensus'],
      codings: [
        { coder: 'consensus', code: 'x', start: 0, end: 4 },
        { coder: 'a', code: 'deleted-code', start: 0, end: 4 },
        { coder: 'a', code: 'x', start: 0, end: 4 },
      ],
    });
    expect(partial.foreignCodings).toBe(2);
    expect(combine(ctx, [partial]).warnings.join(' ')).toMatch(/2 coding\(s\) by coders or of codes outside/);
  });

  it('leaves out per-document summaries when asked', () => {
    const input = twoCoders([], [['a', 0, 4]]);
    expect(computeAgreement(input, { unit: 'character', perDocument: false }).documents).toBeUndefined();
    expect(computeAgreement(input, { unit: 'character' }).documents).toHaveLength(1);
  });
});

describe('bootstrap confidence intervals', () => {
  const input = randomInput(11, {
    documents: 8,
    coders: 3,
    codes: 3,
    maxLength: 200,
    codingsPerCoder: 6,
    missing: 0.1,
  });

  it('are reproducible for a seed and change with it', () => {
    const a = computeAgreement(input, { unit: 'character', ci: { replicates: 200, seed: 5 } });
    const b = computeAgreement(input, { unit: 'character', ci: { replicates: 200, seed: 5 } });
    const c = computeAgreement(input, { unit: 'character', ci: { replicates: 200, seed: 6 } });
    expect(b.codes.map((x) => x.ci)).toEqual(a.codes.map((x) => x.ci));
    expect(c.codes.map((x) => x.ci)).not.toEqual(a.codes.map((x) => x.ci));
    expect(a.ci).toEqual({ replicates: 200, seed: 5, level: 0.95, resample: 'units' });
  });

  it.each(['units', 'documents'] as const)('bracket the point estimate (resampling %s)', (resample) => {
    const r = computeAgreement(input, { unit: 'character', ci: { replicates: 300, seed: 1, resample } });
    for (const c of r.codes) {
      const ci = c.ci?.krippendorffAlpha;
      if (!ci || ci.lower === null || c.krippendorffAlpha === null) expect.fail(`${c.code}: no interval`);
      expect(ci.lower).toBeLessThanOrEqual(c.krippendorffAlpha);
      expect(ci.upper).toBeGreaterThanOrEqual(c.krippendorffAlpha);
      expect(ci.upper).toBeLessThanOrEqual(1);
    }
    const pooled = r.overall.ci?.pooledKappa;
    const point = r.overall.pooledKappa;
    if (!pooled || pooled.lower === null || point === null) expect.fail('no pooled interval');
    expect(pooled.lower).toBeLessThanOrEqual(point);
    expect(pooled.upper).toBeGreaterThanOrEqual(point);
  });

  it('collapse to the point estimate when the only document is redrawn every time', () => {
    // Resampling one document with replacement draws that document in every replicate, so every
    // replicate's pooled κ is the point estimate. Worked by hand (De Vries et al. 2008, Field
    // Methods 20:272), 10 code points: code x, a [0,5) b [0,3): P_o 8/10, P_e .5·.3 + .5·.7 = .5;
    // code y, a [6,10) b [5,10): P_o 9/10, P_e .4·.5 + .6·.5 = .5; κ = (.85 − .5)/(1 − .5) = 0.7.
    const input: AgreementInput = {
      documents: [{ id: 'd', length: 10 }],
      coders: ['a', 'b'],
      codes: [
        { id: 'x', name: 'X' },
        { id: 'y', name: 'Y' },
      ],
      codings: [
        { document: 'd', coder: 'a', code: 'x', start: 0, end: 5 },
        { document: 'd', coder: 'b', code: 'x', start: 0, end: 3 },
        { document: 'd', coder: 'a', code: 'y', start: 6, end: 10 },
        { document: 'd', coder: 'b', code: 'y', start: 5, end: 10 },
      ],
    };
    const r = computeAgreement(input, {
      unit: 'character',
      ci: { replicates: 200, seed: 3, resample: 'documents' },
    });
    expect(r.overall.pooledKappa).toBeCloseTo(0.7, 12);
    const pooled = r.overall.ci?.pooledKappa;
    if (!pooled || pooled.lower === null) expect.fail('no pooled interval');
    expect(pooled.lower).toBeCloseTo(0.7, 12);
    expect(pooled.upper).toBeCloseTo(0.7, 12);
    expect(pooled.undefinedReplicates).toBe(0);
  });

  it('report why there is no interval when the statistic is undefined', () => {
    const r = computeAgreement(twoCoders([], []), { unit: 'character', ci: { replicates: 50, seed: 1 } });
    const ci = r.codes[0]?.ci?.krippendorffAlpha;
    expect(ci?.lower).toBeNull();
    expect(ci && 'reason' in ci ? ci.reason : '').toMatch(/undefined in/);
  });

  it('use the same kappa as the report (fast path equals the contingency-table path)', () => {
    const rng = new Rng(3);
    for (let k = 0; k < 20; k++) {
      const units = Array.from({ length: 30 }, () =>
        Array.from({ length: 3 }, () => (rng.next() < 0.1 ? null : rng.int(3))),
      );
      const t = patternTableFromUnits(units, 3);
      const pairs = keyedPairs(['p', 'q', 'r']);
      const fast = coreMeasures(t, pairs).cohensKappa;
      pairs.forEach((p, i) => expect(fast[i]).toEqual(cohensKappa(pairContingency(t, p.first, p.second))));
    }
  });
});

describe('seeded sampler', () => {
  it('is reproducible and uniform on [0, 1)', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / xs.length));
  });

  it.each([
    [20, 0.3],
    [500, 0.01],
    [1_000, 0.4],
    [5_000_000, 0.27],
    [3_000, 0.999],
  ])('binomial(%i, %f) has the right mean and variance', (n, p) => {
    const rng = new Rng(7);
    const draws = 4000;
    const xs = Array.from({ length: draws }, () => rng.binomial(n, p));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / draws;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(variance / (sd * sd)).toBeGreaterThan(0.85);
    expect(variance / (sd * sd)).toBeLessThan(1.15);
  });

  it('multinomial draws sum to n', () => {
    const rng = new Rng(9);
    for (let k = 0; k < 50; k++) {
      const weights = [3, 0, 10, 1, 7];
      const draw = rng.multinomial(1000 + k, weights);
      expect(draw.reduce((a, b) => a + b, 0)).toBe(1000 + k);
      expect(draw[1]).toBe(0);
    }
  });
});

describe('binomial sampler distribution', () => {
  /** Binomial(n, p) probabilities by the recurrence P(k+1) = P(k)·(n−k)/(k+1)·p/(1−p), in logs. */
  function pmf(n: number, p: number): number[] {
    const out: number[] = [];
    let log = n * Math.log(1 - p);
    for (let k = 0; k <= n; k++) {
      out.push(Math.exp(log));
      log += Math.log(n - k) - Math.log(k + 1) + Math.log(p / (1 - p));
    }
    return out;
  }

  it.each([
    [60, 0.4],
    [200, 0.07],
    [45, 0.8],
    [100_000, 0.3],
  ])('Binomial(%i, %f) passes a chi-square goodness-of-fit test against the exact distribution', (n, p) => {
    const rng = new Rng(2024);
    const draws = 200_000;
    const counts = new Map<number, number>();
    let invalid = 0;
    for (let i = 0; i < draws; i++) {
      const k = rng.binomial(n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid += 1;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(invalid).toBe(0);
    // Bins of outcomes, each expected at least 50 times (tails pooled).
    const probabilities = pmf(n, p);
    let chi2 = 0;
    let bins = 0;
    let expected = 0;
    let observed = 0;
    probabilities.forEach((prob, k) => {
      expected += prob * draws;
      observed += counts.get(k) ?? 0;
      if (expected >= 50 || k === n) {
        chi2 += (observed - expected) ** 2 / Math.max(expected, 1e-12);
        bins += 1;
        expected = 0;
        observed = 0;
      }
    });
    const df = bins - 1;
    // χ² has mean df and standard deviation √(2df); six of them is far beyond chance.
    expect(chi2).toBeLessThan(df + 6 * Math.sqrt(2 * df));
  });
});

describe('the note on confidence intervals', () => {
  const input: AgreementInput = {
    documents: [{ id: 'd', length: 20 }],
    coders: ['a', 'b'],
    codes: [{ id: 'x', name: 'X' }],
    codings: [
      { document: 'd', coder: 'a', code: 'x', start: 2, end: 10 },
      { document: 'd', coder: 'b', code: 'x', start: 4, end: 10 },
    ],
  };
  const ciNote = (r: AgreementReport) => r.caveats.some((c) => /Confidence intervals/.test(c));

  it('is given when intervals were computed and only then', () => {
    const ci = { replicates: 50, seed: 1 };
    const character = computeAgreement(input, { unit: 'character', ci });
    expect(character.overall.ci).toBeDefined();
    expect(ciNote(character)).toBe(true);
    expect(ciNote(computeAgreement(input, { unit: 'character' }))).toBe(false);
    // Unitizing has no bootstrap intervals, so no note about them either.
    const unitizing = computeAgreement(input, { unit: 'unitizing', ci });
    expect(unitizing.overall.ci).toBeUndefined();
    expect(ciNote(unitizing)).toBe(false);
  });
});
