/**
 * Property tests: invariants every correct implementation satisfies, on seeded random data, and
 * the boundary sweeps against naive one-value-per-code-point computations.
 */
import { describe, expect, it } from 'vitest';
import {
  bennettS,
  cohensKappa,
  prevalenceAndBias,
  scottsPi,
  specificAgreement,
  weightedKappa,
} from '../../../shared/agreement/cohen.ts';
import { pairPercentAgreement } from '../../../shared/agreement/cohen.ts';
import { congerKappa, fleissKappa, lightKappa, randolphKappa } from '../../../shared/agreement/fleiss.ts';
import { gwetAC1, gwetAC1Table, gwetAC2, gwetWeightMatrix } from '../../../shared/agreement/gwet.ts';
import { krippendorffAlpha } from '../../../shared/agreement/krippendorff.ts';
import { fullMeasures, keyedPairs } from '../../../shared/agreement/measures.ts';
import { patternTableFromContingency, patternTableFromUnits } from '../../../shared/agreement/patterns.ts';
import { pairContingency } from '../../../shared/agreement/contingency.ts';
import { percentAgreementPairwise } from '../../../shared/agreement/percent.ts';
import { Rng } from '../../../shared/agreement/rng.ts';
import type { Stat } from '../../../shared/agreement/stat.ts';
import {
  analyseDocument,
  combine,
  computeAgreement,
  createAgreementContext,
  splitInput,
  type AgreementInput,
  type AgreementReport,
  type Segmentation,
} from '../../../shared/agreement/index.ts';
import { naiveAlphaU, naiveCharacterGroupRows, naiveCharacterRows, naiveSegmentRows } from './naive.ts';
import { randomInput, shuffled } from './random.ts';

const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);

function randomTable(rng: Rng, q: number): number[][] {
  return Array.from({ length: q }, () => Array.from({ length: q }, () => rng.int(12)));
}

function transpose(t: number[][]): number[][] {
  return t.map((row, i) => row.map((_, j) => t[j]?.[i] ?? 0));
}

function expectSame(a: Stat, b: Stat, what: string): void {
  expect(a.value === null, `${what}: ${a.reason ?? ''} vs ${b.reason ?? ''}`).toBe(b.value === null);
  if (a.value !== null && b.value !== null) expect(a.value, what).toBeCloseTo(b.value, 12);
}

/** A report figure as a Stat, so it can be compared with a directly computed one. */
function reported(value: number | null | undefined, reason: string | undefined): Stat {
  return value === null || value === undefined ? { value: null, reason: reason ?? 'missing' } : { value };
}

describe('pairwise measures are symmetric in the two coders', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = new Rng(seed);
    const q = 2 + rng.int(4);
    const t = randomTable(rng, q);
    const u = transpose(t);
    const scores = Array.from({ length: q }, (_, i) => i + 1);
    expectSame(cohensKappa(t), cohensKappa(u), 'kappa');
    expectSame(scottsPi(t), scottsPi(u), 'pi');
    expectSame(pairPercentAgreement(t), pairPercentAgreement(u), 'percent');
    expectSame(bennettS(pairPercentAgreement(t), q), bennettS(pairPercentAgreement(u), q), 'S');
    expectSame(weightedKappa(t, scores, 'linear'), weightedKappa(u, scores, 'linear'), 'linear kappa');
    expectSame(
      weightedKappa(t, scores, 'quadratic'),
      weightedKappa(u, scores, 'quadratic'),
      'quadratic kappa',
    );
    expectSame(gwetAC1Table(t), gwetAC1Table(u), 'AC1');
    expectSame(
      gwetAC1(patternTableFromContingency(t)).coefficient,
      gwetAC1(patternTableFromContingency(u)).coefficient,
      'AC1 multi-rater',
    );
    for (const w of ['linear', 'quadratic'] as const) {
      const weights = gwetWeightMatrix(scores, w) ?? [];
      expectSame(
        gwetAC2(patternTableFromContingency(t), weights).coefficient,
        gwetAC2(patternTableFromContingency(u), weights).coefficient,
        `AC2 ${w}`,
      );
    }
    for (let c = 0; c < q; c++) expectSame(specificAgreement(t, c), specificAgreement(u, c), `specific ${c}`);
    const tt = randomTable(rng, 2);
    const pb = prevalenceAndBias(tt);
    const pbT = prevalenceAndBias(transpose(tt));
    expectSame(pb.prevalence, pbT.prevalence, 'prevalence');
    // The bias index is signed: swapping the coders flips it.
    expect(pbT.bias.value).toBeCloseTo(-(pb.bias.value ?? Number.NaN), 12);
  });
});

function randomUnits(rng: Rng, n: number, m: number, q: number, missing: number): (number | null)[][] {
  return Array.from({ length: n }, () =>
    Array.from({ length: m }, () => (rng.next() < missing ? null : rng.int(q))),
  );
}

describe('perfect agreement gives 1', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = new Rng(seed);
    const m = 2 + rng.int(5);
    const q = 2 + rng.int(4);
    const rows = Array.from({ length: 5 + rng.int(30) }, (_, i) => {
      const v = i < 2 ? i : rng.int(q); // at least two categories used
      return Array.from({ length: m }, () => v);
    });
    const t = patternTableFromUnits(rows, q);
    const values = Array.from({ length: q }, (_, i) => i + 1);
    for (const [name, s] of [
      ['percent', percentAgreementPairwise(t)],
      ['fleiss', fleissKappa(t).kappa],
      ['conger', congerKappa(t)],
      ['light', lightKappa(t)],
      ['randolph', randolphKappa(t)],
      ['alpha nominal', krippendorffAlpha(t).alpha],
      ['alpha ordinal', krippendorffAlpha(t, 'ordinal').alpha],
      ['alpha interval', krippendorffAlpha(t, 'interval', values).alpha],
      ['alpha ratio', krippendorffAlpha(t, 'ratio', values).alpha],
      ['AC1', gwetAC1(t).coefficient],
      ['AC2 linear', gwetAC2(t, gwetWeightMatrix(values, 'linear') ?? []).coefficient],
      ['AC2 quadratic', gwetAC2(t, gwetWeightMatrix(values, 'quadratic') ?? []).coefficient],
    ] as const) {
      expect(s.value, name).toBeCloseTo(1, 12);
    }
    const pair = fullMeasures(t, keyedPairs(Array.from({ length: m }, (_, i) => `c${i}`)), false);
    for (const p of pair.pairs) {
      expect(p.cohensKappa.value).toBeCloseTo(1, 12);
      expect(p.scottsPi.value).toBeCloseTo(1, 12);
      expect(p.brennanPrediger.value).toBeCloseTo(1, 12);
      expect(p.gwetAC1.value).toBeCloseTo(1, 12);
    }
    expect(pair.gwetAC1.value).toBeCloseTo(1, 12);
  });

  it('through the engine: identical coders give 1 for every coefficient and unit of analysis', () => {
    const base = randomInput(7, {
      documents: 4,
      coders: 1,
      codes: 3,
      maxLength: 80,
      codingsPerCoder: 4,
      missing: 0,
    });
    // Non-overlapping codings so the 2016/2019 family applies too.
    const codings = base.codings
      .filter((c) => c.end > c.start)
      .sort((a, b) => a.document.localeCompare(b.document) || a.start - b.start)
      .filter(
        (c, i, all) => i === 0 || c.document !== all[i - 1]?.document || c.start >= (all[i - 1]?.end ?? 0),
      );
    const input: AgreementInput = {
      ...base,
      coders: ['ann', 'bob', 'cy'],
      completed: undefined,
      codings: ['ann', 'bob', 'cy'].flatMap((coder) => codings.map((c) => ({ ...c, coder }))),
    };
    for (const unit of ['character', 'segment', 'unitizing'] as const) {
      const r = computeAgreement(input, { unit, segments: 'line' });
      for (const c of r.codes) {
        if (unit !== 'unitizing') {
          expect(c.percentAgreement, `${unit} ${c.code}`).toBe(1);
          if (c.krippendorffAlpha !== null) expect(c.krippendorffAlpha).toBeCloseTo(1, 12);
          if (c.fleissKappa !== null) expect(c.fleissKappa).toBeCloseTo(1, 12);
          if (c.gwetAC1 !== null) expect(c.gwetAC1).toBeCloseTo(1, 12);
          for (const p of Object.values(c.pairs)) {
            if (p.gwetAC1 !== null) expect(p.gwetAC1).toBeCloseTo(1, 12);
          }
        }
        if (c.alphaU !== null) expect(c.alphaU).toBeCloseTo(1, 12);
      }
      if (unit !== 'unitizing') {
        expect(r.overall.krippendorffAlpha).toBeCloseTo(1, 12);
        expect(r.overall.gwetAC1).toBeCloseTo(1, 12);
      }
      if (unit === 'segment') expect(r.overall.holsti).toBeCloseTo(1, 12);
      expect(r.overall.alphaU).toBeCloseTo(1, 12);
      expect(r.overall.uAlpha).toBeCloseTo(1, 12);
      expect(r.overall.uAlphaBinary).toBeCloseTo(1, 12);
      expect(r.overall.cuAlpha).toBeCloseTo(1, 12);
    }
  });
});

describe('Gwet AC1: invariances', () => {
  it.each(SEEDS)(
    'seed %i: relabelling categories, reordering coders, and the two-rater table form',
    (seed) => {
      const rng = new Rng(seed);
      const m = 2 + rng.int(4);
      const q = 2 + rng.int(4);
      const units = randomUnits(rng, 5 + rng.int(30), m, q, 0.2);
      const ac1 = gwetAC1(patternTableFromUnits(units, q)).coefficient;
      // A permutation of the category labels (nominal data: names carry no order).
      const relabel = shuffled(
        Array.from({ length: q }, (_, i) => i),
        rng,
      );
      const relabelled = units.map((row) => row.map((v) => (v === null ? null : (relabel[v] ?? v))));
      expectSame(gwetAC1(patternTableFromUnits(relabelled, q)).coefficient, ac1, 'relabelled');
      // The coders in another order.
      const order = shuffled(
        Array.from({ length: m }, (_, i) => i),
        rng,
      );
      const reordered = units.map((row) => order.map((i) => row[i] ?? null));
      expectSame(gwetAC1(patternTableFromUnits(reordered, q)).coefficient, ac1, 'coders reordered');
      // AC2 with identity weights is AC1.
      expectSame(
        gwetAC2(
          patternTableFromUnits(units, q),
          gwetWeightMatrix(
            Array.from({ length: q }, (_, i) => i),
            'identity',
          ) ?? [],
        ).coefficient,
        ac1,
        'AC2 identity',
      );
      // Two coders, no missing ratings: the contingency-table form gives the same figure.
      const two = units
        .filter((row) => row[0] !== null && row[1] !== null)
        .map((row) => [row[0] ?? null, row[1] ?? null]);
      const t = patternTableFromUnits(two, q);
      expectSame(gwetAC1Table(pairContingency(t, 0, 1)), gwetAC1(t).coefficient, 'table form');
    },
  );
});

describe('Krippendorff: α = 1 − (1 − 1/n)(1 − κ_Fleiss) for complete nominal data', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = new Rng(seed);
    const m = 2 + rng.int(6);
    const N = 3 + rng.int(40);
    const t = patternTableFromUnits(randomUnits(rng, N, m, 2 + rng.int(4), 0), 5);
    const alpha = krippendorffAlpha(t).alpha;
    const kappa = fleissKappa(t).kappa;
    // Every seed here draws at least two categories, so both are defined.
    if (alpha.value === null || kappa.value === null) expect.fail(`${alpha.reason} / ${kappa.reason}`);
    const n = N * m;
    expect(alpha.value).toBeCloseTo(1 - (1 - 1 / n) * (1 - kappa.value), 12);
  });
});

/** Every numeric figure of the per-code, per-group and overall sections, keyed by a stable path. */
function figures(r: AgreementReport): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'number' || value === null) out.set(prefix, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    }
  };
  for (const c of r.codes) walk(`code:${c.code}`, c);
  for (const g of r.groups) walk(`group:${g.group}`, g);
  walk('overall', r.overall);
  return out;
}

function expectSameFigures(a: AgreementReport, b: AgreementReport): void {
  const fa = figures(a);
  const fb = figures(b);
  expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
  for (const [key, va] of fa) {
    const vb = fb.get(key);
    if (va === null || vb === null || vb === undefined) expect(vb, key).toBe(va);
    else expect(vb, key).toBeCloseTo(va, 10);
  }
}

describe('reports do not depend on document order or coder order', () => {
  it.each(SEEDS.slice(0, 10))('seed %i', (seed) => {
    const input = randomInput(seed, {
      documents: 5,
      coders: 3,
      codes: 3,
      maxLength: 120,
      codingsPerCoder: 5,
      missing: 0.2,
      exclusive: 2,
    });
    const rng = new Rng(seed + 1000);
    const permuted: AgreementInput = {
      ...input,
      documents: shuffled(input.documents, rng),
      coders: shuffled(input.coders, rng),
      codings: shuffled(input.codings, rng),
    };
    for (const unit of ['character', 'segment', 'unitizing'] as const) {
      expectSameFigures(computeAgreement(input, { unit }), computeAgreement(permuted, { unit }));
    }
  });
});

describe('unitizing units taken from the character sweep', () => {
  it.each(SEEDS)('give character reports the α_u of unitizing reports (seed %i)', (seed) => {
    // The unitizing report merges each coder's codings itself; the character report takes the
    // same units from its boundary sweep. Overlapping and touching codings are in the data.
    const input = randomInput(seed, {
      documents: 3,
      coders: 3,
      codes: 3,
      maxLength: 300,
      codingsPerCoder: 8,
      missing: 0,
    });
    const characters = computeAgreement(input, { unit: 'character' });
    const unitizing = computeAgreement(input, { unit: 'unitizing' });
    characters.codes.forEach((c, i) => {
      const u = unitizing.codes[i];
      expect(c.alphaU, c.code).toBe(u?.alphaU);
      expect(c.alphaUObserved, c.code).toBe(u?.alphaUObserved);
      expect(c.alphaUExpected, c.code).toBe(u?.alphaUExpected);
    });
    expect(characters.overall.alphaU).toBe(unitizing.overall.alphaU);
  });
});

describe('boundary sweeps equal naive per-code-point computations', () => {
  const compare = (
    report: AgreementReport,
    input: AgreementInput,
    rowsFor: (code: number) => (number | null)[][],
  ) => {
    const pairs = keyedPairs(input.coders);
    report.codes.forEach((c, code) => {
      const naive = fullMeasures(patternTableFromUnits(rowsFor(code), 2), pairs, true);
      expect(c.units, c.code).toBe(naive.units);
      expectSame(
        reported(c.percentAgreement, c.percentAgreementReason),
        naive.percentAgreement,
        `${c.code} percent`,
      );
      expectSame(reported(c.fleissKappa, c.fleissKappaReason), naive.fleissKappa, `${c.code} fleiss`);
      expectSame(
        reported(c.krippendorffAlpha, c.krippendorffAlphaReason),
        naive.krippendorffAlpha,
        `${c.code} alpha`,
      );
      pairs.forEach((p, i) => {
        expectSame(
          reported(c.cohensKappa[p.key], c.cohensKappaReason?.[p.key]),
          naive.cohensKappa[i] ?? { value: null, reason: 'none' },
          `${c.code} kappa ${p.key}`,
        );
        expect(c.pairs[p.key]?.table).toEqual(naive.pairs[i]?.table);
      });
    });
  };

  it.each(SEEDS)('characters, seed %i', (seed) => {
    const input = randomInput(seed, {
      documents: 3,
      coders: 2 + (seed % 3),
      codes: 3,
      maxLength: 60,
      codingsPerCoder: 6,
      missing: 0.15,
      exclusive: 3,
    });
    const report = computeAgreement(input, { unit: 'character' });
    compare(report, input, (code) => naiveCharacterRows(input, code));
    const group = report.groups[0];
    const naive = fullMeasures(
      patternTableFromUnits(naiveCharacterGroupRows(input, [0, 1, 2]), 4),
      keyedPairs(input.coders),
      false,
    );
    expectSame(
      reported(group?.krippendorffAlpha, group?.krippendorffAlphaReason),
      naive.krippendorffAlpha,
      'group alpha',
    );
    expectSame(reported(group?.fleissKappa, group?.fleissKappaReason), naive.fleissKappa, 'group fleiss');
  });

  const segmentations: Segmentation[] = ['paragraph', 'line', 'sentence', 'turn'];
  it.each(SEEDS.slice(0, 12))('segments, seed %i', (seed) => {
    const input = randomInput(seed, {
      documents: 3,
      coders: 3,
      codes: 2,
      maxLength: 90,
      codingsPerCoder: 5,
      missing: 0.1,
    });
    const segments = segmentations[seed % segmentations.length] ?? 'line';
    for (const overlap of ['any', 0.5, 1] as const) {
      const report = computeAgreement(input, { unit: 'segment', segments, overlap });
      compare(report, input, (code) => naiveSegmentRows(input, code, segments, overlap));
    }
  });

  it.each(SEEDS)('alpha_u observed and expected disagreement, seed %i', (seed) => {
    const input = randomInput(seed, {
      documents: 1,
      coders: 2 + (seed % 3),
      codes: 2,
      maxLength: 70,
      codingsPerCoder: 5,
      missing: 0,
    });
    const report = computeAgreement(input, { unit: 'unitizing' });
    for (const c of report.codes) {
      const naive = naiveAlphaU(input, c.code);
      expect(c.alphaUObserved, c.code).toBeCloseTo(naive.observed, 12);
      expect(c.alphaUExpected, c.code).toBeCloseTo(naive.expected, 12);
    }
  });
});

describe('incremental recompute', () => {
  it.each(SEEDS.slice(0, 8))(
    'recomputing one changed document and combining equals a full recompute, seed %i',
    (seed) => {
      const input = randomInput(seed, {
        documents: 6,
        coders: 3,
        codes: 3,
        maxLength: 100,
        codingsPerCoder: 4,
        missing: 0.1,
        exclusive: 2,
      });
      for (const unit of ['character', 'segment'] as const) {
        const { setup, documents } = splitInput(input);
        const ctx = createAgreementContext(setup, { unit });
        const partials = documents.map((d) => analyseDocument(ctx, d));
        const changedIndex = seed % documents.length;
        const doc = documents[changedIndex];
        if (!doc?.text) throw new Error('no document');
        // Random documents can be a single code point long (seed 8's is): the new coding covers
        // what there is, up to five, so every seed compares.
        const coding = { coder: 'coder0', code: 'code1', start: 0, end: Math.min(5, [...doc.text].length) };
        const changed = { ...doc, codings: [...doc.codings, coding] };
        const incremental = partials.map((p, i) => (i === changedIndex ? analyseDocument(ctx, changed) : p));
        const changedInput: AgreementInput = {
          ...input,
          codings: [...input.codings, { document: doc.id, ...coding }],
        };
        expectSameFigures(combine(ctx, incremental), computeAgreement(changedInput, { unit }));
      }
    },
  );

  it('refuses partials made with another context', () => {
    const input = randomInput(3, {
      documents: 2,
      coders: 2,
      codes: 2,
      maxLength: 40,
      codingsPerCoder: 2,
      missing: 0,
    });
    const { setup, documents } = splitInput(input);
    const lines = createAgreementContext(setup, { unit: 'segment', segments: 'line' });
    const chars = createAgreementContext(setup, { unit: 'character' });
    const partials = documents.map((d) => analyseDocument(lines, d));
    expect(() => combine(chars, partials)).toThrow(/different codebook, coder list or options/);
  });
});
