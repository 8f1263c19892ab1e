/**
 * Known answers for Gwet's AC1/AC2 and Holsti's coefficient, each from a published source cited in
 * the test name, through the pure functions and, where the report carries the figure, through
 * `computeAgreement`.
 */
import { describe, expect, it } from 'vitest';
import { cohensKappa } from '../../../shared/agreement/cohen.ts';
import { gwetAC1, gwetAC1Table, gwetAC2, gwetWeightMatrix } from '../../../shared/agreement/gwet.ts';
import { holsti } from '../../../shared/agreement/holsti.ts';
import { explainParadox, isParadox } from '../../../shared/agreement/paradox.ts';
import {
  patternTableFromContingency,
  patternTableFromCounts,
  patternTableFromUnits,
} from '../../../shared/agreement/patterns.ts';
import { computeAgreement, type AgreementInput } from '../../../shared/agreement/index.ts';
import { stat, type Stat } from '../../../shared/agreement/stat.ts';

function value(s: Stat): number {
  if (s.value === null) return expect.fail(`undefined: ${s.reason}`);
  return s.value;
}

/** irrCAC's `cont3x3abstractors`: 100 ectopic-pregnancy abstracts, two abstractors (Gwet 2014). */
const ABSTRACTORS = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];

/**
 * irrCAC's `cac.raw4raters` (Gwet 2014; the data of Krippendorff 2011, section C): 12 units, 4
 * raters, categories 1–5, missing ratings; as category indices 0–4.
 */
const RAW4RATERS = [
  [1, 1, null, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [null, 5, 5, 5],
  [null, null, 1, 1],
  [null, null, 3, null],
].map((row) => row.map((v) => (v === null ? null : v - 1)));

/** irrCAC's `distrib.6raters`: 15 patients, 6 psychiatrists, 5 diagnoses (counts per category). */
const DISTRIB_6RATERS = [
  [0, 0, 0, 6, 0],
  [0, 3, 0, 0, 3],
  [0, 1, 4, 0, 1],
  [0, 0, 0, 0, 6],
  [0, 3, 0, 3, 0],
  [2, 0, 4, 0, 0],
  [0, 0, 4, 0, 2],
  [2, 0, 3, 1, 0],
  [2, 0, 0, 4, 0],
  [0, 0, 0, 0, 6],
  [1, 0, 0, 5, 0],
  [1, 1, 0, 4, 0],
  [0, 3, 3, 0, 0],
  [1, 0, 0, 5, 0],
  [0, 2, 0, 3, 1],
];

const OVERVIEW =
  'Gwet, irrCAC 1.0 vignette "Calculating Chance-corrected Agreement Coefficients" (CRAN 2019; follows Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.)';
const WEIGHTING = 'Gwet, irrCAC 1.0 vignette "Weighted Chance-corrected Agreement Coefficients" (CRAN 2019)';

describe(`AC1, two-rater table form: cont3x3abstractors, ${OVERVIEW}`, () => {
  it('Cohen’s κ = 0.7964094 (kappa2.table)', () => {
    expect(value(cohensKappa(ABSTRACTORS))).toBeCloseTo(0.7964094, 7);
  });

  it('AC1 = 0.8493305 (gwet.ac1.table), by hand from the margins', () => {
    // P_a = 89/100; π = ((13+13), (27+24), (60+63))/200 = (.13, .255, .615);
    // P_e = Σπ(1 − π)/2 = (.1131 + .189975 + .236775)/2 = .269925; AC1 = .620075/.730075.
    expect(value(gwetAC1Table(ABSTRACTORS))).toBeCloseTo(0.620075 / 0.730075, 12);
    expect(value(gwetAC1Table(ABSTRACTORS))).toBeCloseTo(0.8493305, 7);
  });

  it('the multi-rater form on the same ratings gives the same AC1, P_a = 0.89 and P_e = 0.269925', () => {
    const r = gwetAC1(patternTableFromContingency(ABSTRACTORS));
    expect(r.pa).toBeCloseTo(0.89, 12);
    expect(r.pe).toBeCloseTo(0.269925, 12);
    expect(value(r.coefficient)).toBeCloseTo(0.8493305, 7);
    expect(r.units).toBe(100);
  });
});

describe(`AC2, weighted: cont3x3abstractors`, () => {
  const t = patternTableFromContingency(ABSTRACTORS);
  it(`quadratic weights: AC2 = 0.9402369 (${WEIGHTING}, gwet.ac1.table with quadratic.weights(1:3))`, () => {
    const r = gwetAC2(t, gwetWeightMatrix([1, 2, 3], 'quadratic') ?? []);
    // pa2.table with the same weights prints 0.9725.
    expect(r.pa).toBeCloseTo(0.9725, 12);
    expect(value(r.coefficient)).toBeCloseTo(0.9402369, 7);
  });

  it('linear weights: AC2 = 0.900 (irrCAC Python port, tests/test_gwet.py, test_gwet_cont3x3abstractors_linear_weights), and by hand', () => {
    const r = gwetAC2(t, gwetWeightMatrix([1, 2, 3], 'linear') ?? []);
    // P_a = (89 + ½(7 + 4))/100 = .945; T_w = 5, P_e = 5/6 · .53985 = .449875.
    expect(r.pa).toBeCloseTo(0.945, 12);
    expect(r.pe).toBeCloseTo(0.449875, 12);
    expect(value(r.coefficient)).toBeCloseTo(0.495125 / 0.550125, 12);
    expect(Math.abs(value(r.coefficient) - 0.9)).toBeLessThanOrEqual(5e-4);
  });
});

describe(`AC1/AC2, multi-rater with missing ratings: cac.raw4raters`, () => {
  const t = patternTableFromUnits(RAW4RATERS, 5);
  it(`AC1 = 0.77544, P_a = 0.8181818, P_e = 0.1903212 (${OVERVIEW}, gwet.ac1.raw)`, () => {
    const r = gwetAC1(t);
    expect(r.pa).toBeCloseTo(0.8181818, 7);
    expect(r.pe).toBeCloseTo(0.1903212, 7);
    expect(value(r.coefficient)).toBeCloseTo(0.77544, 5);
    // Unit 12 has one rating: it counts in π_k but not in P_a (11 pairable units).
    expect(r.units).toBe(11);
  });

  it(`quadratic AC2 = 0.914, P_a = 0.9753788, P_e = 0.7137044 (${WEIGHTING}, gwet.ac1.raw weights = "quadratic")`, () => {
    const r = gwetAC2(t, gwetWeightMatrix([1, 2, 3, 4, 5], 'quadratic') ?? []);
    expect(r.pa).toBeCloseTo(0.9753788, 7);
    expect(r.pe).toBeCloseTo(0.7137044, 7);
    expect(Math.abs(value(r.coefficient) - 0.914)).toBeLessThanOrEqual(5e-4);
  });
});

describe('AC1/AC2, multi-rater complete: distrib.6raters', () => {
  const t = patternTableFromCounts(DISTRIB_6RATERS);
  it(`AC1 = 0.4448007, P_a = 0.5511111, P_e = 0.1914815 (${OVERVIEW}, gwet.ac1.dist)`, () => {
    const r = gwetAC1(t);
    expect(r.pa).toBeCloseTo(0.5511111, 7);
    expect(r.pe).toBeCloseTo(0.1914815, 7);
    expect(value(r.coefficient)).toBeCloseTo(0.4448007, 7);
  });

  it(`quadratic AC2 = 0.4837438, P_a = 0.8544444, P_e = 0.7180556 (${WEIGHTING}, gwet.ac1.dist)`, () => {
    const r = gwetAC2(t, gwetWeightMatrix([1, 2, 3, 4, 5], 'quadratic') ?? []);
    expect(r.pa).toBeCloseTo(0.8544444, 7);
    expect(r.pe).toBeCloseTo(0.7180556, 7);
    expect(value(r.coefficient)).toBeCloseTo(0.4837438, 7);
  });
});

describe('AC1: undefined values carry their reason', () => {
  it('no variation (nobody used the code) is null, not Gwet’s 1', () => {
    const r = gwetAC1(
      patternTableFromContingency([
        [10, 0],
        [0, 0],
      ]),
    );
    expect(r.coefficient.value).toBeNull();
    expect(r.coefficient.reason).toMatch(/no variation/);
    expect(
      gwetAC1Table([
        [10, 0],
        [0, 0],
      ]).reason,
    ).toMatch(/no variation/);
  });

  it('no unit rated by two coders', () => {
    const r = gwetAC1(
      patternTableFromUnits(
        [
          [0, null],
          [null, 1],
        ],
        2,
      ),
    );
    expect(r.coefficient.reason).toMatch(/no unit was rated by two or more coders/);
    expect(
      gwetAC1Table([
        [0, 0],
        [0, 0],
      ]).reason,
    ).toMatch(/no unit was rated by both coders/);
  });

  it('weighted scores without spread', () => {
    expect(gwetWeightMatrix([3, 3], 'linear')).toBeNull();
  });
});

describe('the report: AC1 on an exclusive group reproduces cont3x3abstractors', () => {
  // 100 one-unit segments; category 0 is "(none)", 1 and 2 the group's codes.
  const cells = ABSTRACTORS.flatMap((row, i) =>
    row.flatMap((n, j) => Array.from({ length: n }, () => [i, j])),
  );
  const codes = ['aiu', 'niu'];
  const input: AgreementInput = {
    documents: [{ id: 'd', length: cells.length, units: cells.map((_, u) => [u, u + 1]) }],
    coders: ['first', 'second'],
    codes: codes.map((id) => ({ id, name: id })),
    exclusiveGroups: [{ id: 'g', codes }],
    codings: cells.flatMap(([a, b], u) => [
      ...(a ? [{ document: 'd', coder: 'first', code: codes[a - 1] ?? '', start: u, end: u + 1 }] : []),
      ...(b ? [{ document: 'd', coder: 'second', code: codes[b - 1] ?? '', start: u, end: u + 1 }] : []),
    ]),
  };
  const report = computeAgreement(input, {
    unit: 'segment',
    segments: 'given',
    ci: { replicates: 200, seed: 1 },
  });
  const group = report.groups[0];

  it(`group κ = 0.7964094 and AC1 = 0.8493305, overall and for the pair (${OVERVIEW})`, () => {
    expect(group?.cohensKappa['first|second']).toBeCloseTo(0.7964094, 7);
    expect(group?.gwetAC1).toBeCloseTo(0.8493305, 7);
    expect(group?.gwetAC1ByPair['first|second']).toBeCloseTo(0.8493305, 7);
  });

  it('carries a seeded 95% bootstrap interval for AC1 that contains the estimate', () => {
    const ci = group?.ci?.gwetAC1;
    if (!ci || ci.lower === null) return expect.fail('no interval');
    expect(ci.lower).toBeLessThan(0.8493305);
    expect(ci.upper).toBeGreaterThan(0.8493305);
    expect(ci.upper).toBeLessThanOrEqual(1);
    expect(group?.ci?.gwetAC1ByPair['first|second']).toEqual(ci);
    // Same seed, same interval.
    const again = computeAgreement(input, {
      unit: 'segment',
      segments: 'given',
      ci: { replicates: 200, seed: 1 },
    });
    expect(again.groups[0]?.ci?.gwetAC1).toEqual(ci);
  });
});

describe('Holsti (1969, p. 140): CR = 2M/(N₁ + N₂) over (segment, code) decisions, worked by hand', () => {
  // Five given segments of 10 code points, two codes. Decisions (segment: codes):
  //   first  — s1: x; s2: x, y; s3: y; s5: x      → N₁ = 5
  //   second — s1: x; s2: x;    s3: y, x; s4: y   → N₂ = 5
  // Both made: (s1, x), (s2, x), (s3, y)          → M = 3; CR = 6/10 = 0.6.
  // Per code: x has M = 2, N₁ = 3, N₂ = 3 → 4/6; y has M = 1, N₁ = 2, N₂ = 2 → 2/4.
  const units: [number, number][] = [0, 10, 20, 30, 40].map((s) => [s, s + 10]);
  const code = (coder: string, c: string, segment: number) => ({
    document: 'd',
    coder,
    code: c,
    start: segment * 10 + 2,
    end: segment * 10 + 5,
  });
  const input: AgreementInput = {
    documents: [{ id: 'd', length: 50, units }],
    coders: ['first', 'second'],
    codes: [
      { id: 'x', name: 'X' },
      { id: 'y', name: 'Y' },
    ],
    codings: [
      code('first', 'x', 0),
      code('first', 'x', 1),
      code('first', 'y', 1),
      code('first', 'y', 2),
      code('first', 'x', 4),
      code('second', 'x', 0),
      code('second', 'x', 1),
      code('second', 'y', 2),
      code('second', 'x', 2),
      code('second', 'y', 3),
    ],
  };

  it('overall and per pair 0.6; per code 4/6 and 2/4', () => {
    const r = computeAgreement(input, { unit: 'segment', segments: 'given' });
    expect(r.overall.holsti).toBeCloseTo(0.6, 12);
    expect(r.overall.holstiByPair['first|second']).toBeCloseTo(0.6, 12);
    expect(r.codes.find((c) => c.code === 'x')?.pairs['first|second']?.holsti).toBeCloseTo(4 / 6, 12);
    expect(r.codes.find((c) => c.code === 'y')?.pairs['first|second']?.holsti).toBeCloseTo(2 / 4, 12);
    expect(value(holsti({ agreements: 3, first: 5, second: 5 }))).toBeCloseTo(0.6, 12);
  });

  it('is reported for the segment unit only, with the reason elsewhere', () => {
    const r = computeAgreement(input, { unit: 'character' });
    expect(r.overall.holsti).toBeNull();
    expect(r.overall.holstiReason).toMatch(/segment unit only/);
    expect(r.codes[0]?.pairs['first|second']?.holstiReason).toMatch(/segment unit only/);
  });

  it('is undefined, with the reason, when neither coder applied any code', () => {
    const r = computeAgreement({ ...input, codings: [] }, { unit: 'segment', segments: 'given' });
    expect(r.overall.holsti).toBeNull();
    expect(r.overall.holstiReason).toMatch(/neither coder applied a code/);
  });
});

describe('the kappa paradox (Feinstein & Cicchetti 1990)', () => {
  const figures = (po: number, kappa: number) => ({
    percentAgreement: stat(po),
    cohensKappa: stat(kappa),
    prevalenceIndex: stat(-0.8),
    biasIndex: stat(0.04),
    gwetAC1: stat(0.86),
  });

  it('flags high agreement with low κ, at the documented thresholds (≥ .80 and < .40)', () => {
    expect(isParadox(figures(0.8, 0.399))).toBe(true);
    expect(isParadox(figures(0.799, 0.1))).toBe(false);
    expect(isParadox(figures(0.95, 0.4))).toBe(false);
    expect(isParadox({ ...figures(0.95, 0), cohensKappa: { value: null, reason: 'no variation' } })).toBe(
      false,
    );
  });

  it('explains prevalence and quotes AC1', () => {
    expect(explainParadox(figures(0.885, 0.339))).toMatch(
      /88\.5% agreement, κ 0\.339, because the code is rare \(prevalence index -0\.80\).*AC1.*0\.860/,
    );
    expect(explainParadox(figures(0.9, 0.6))).toBeNull();
  });

  it('names bias when the coders used the code at different rates', () => {
    const f = { ...figures(0.85, 0.2), prevalenceIndex: stat(0.05), biasIndex: stat(-0.15) };
    expect(explainParadox(f)).toMatch(/different rates \(bias index -0\.15\)/);
  });
});
