/**
 * What the agreement benchmark's comparison with statsmodels and NLTK relies on: the segment
 * matrices it exports are the units the engine rated, a subset keeps whole documents, undefined
 * values compare as undefined, and Debian's statsmodels and NLTK, run through the benchmark's own
 * peer process, give the published worked examples the same values as Concord to 1e-9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareValues,
  concordAlpha,
  concordFleiss,
  firstDocuments,
  segmentMatrices,
  unitCount,
} from '../../../bench/agreementMatrices.ts';
import { ensurePythonPeers, startPythonPeers, SYSTEM_PYTHON } from '../../../bench/pythonPeers.ts';
import { analyseDocument, createAgreementContext } from '../../../shared/agreement/index.ts';
import { fleissKappa } from '../../../shared/agreement/fleiss.ts';
import { krippendorffAlpha } from '../../../shared/agreement/krippendorff.ts';
import { patternTableFromUnits } from '../../../shared/agreement/patterns.ts';
import { CodingExampleSchema, EXAMPLES_DIR, type CodingExample } from '../agreement/examples.ts';

const setup = {
  coders: ['ann', 'bob', 'cy'],
  codes: [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
  ],
};

/** Two documents of given units; cy did not complete the second. */
function analysed() {
  const ctx = createAgreementContext(setup, { unit: 'segment', segments: 'given' });
  const partials = [
    analyseDocument(ctx, {
      id: 'd1',
      length: 30,
      units: [
        [0, 10],
        [10, 20],
        [20, 30],
      ],
      completed: ['ann', 'bob', 'cy'],
      codings: [
        { coder: 'ann', code: 'a', start: 0, end: 12 },
        { coder: 'bob', code: 'a', start: 2, end: 5 },
        { coder: 'cy', code: 'b', start: 25, end: 26 },
      ],
    }),
    analyseDocument(ctx, {
      id: 'd2',
      length: 20,
      units: [
        [0, 10],
        [10, 20],
      ],
      completed: ['ann', 'bob'],
      codings: [
        { coder: 'bob', code: 'b', start: 15, end: 16 },
        { coder: 'cy', code: 'a', start: 0, end: 20 },
      ],
    }),
  ];
  return { ctx, partials };
}

/** Rows as a multiset, since rows within a document come in pattern order. */
const sorted = (rows: readonly (readonly (number | null)[])[]): string[] =>
  rows.map((r) => JSON.stringify(r)).sort();

describe('segment matrices', () => {
  it('hold one row per unit with each coder’s rating, null where a coder did not complete', () => {
    const { ctx, partials } = analysed();
    const data = segmentMatrices(ctx, partials);
    expect(data.coders).toEqual(['ann', 'bob', 'cy']);
    expect(data.codes).toEqual(['a', 'b']);
    expect(data.documents).toEqual([
      { id: 'd1', units: 3 },
      { id: 'd2', units: 2 },
    ]);
    expect(unitCount(data)).toBe(5);
    // Code a: d1 unit 1 ann+bob, unit 2 ann (0–12 reaches into it), unit 3 nobody; d2 nobody
    // (cy's coding is not counted: cy did not complete d2).
    expect(sorted(data.matrices[0]!.slice(0, 3))).toEqual(
      sorted([
        [1, 1, 0],
        [1, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(sorted(data.matrices[0]!.slice(3))).toEqual(
      sorted([
        [0, 0, null],
        [0, 0, null],
      ]),
    );
    expect(sorted(data.matrices[1]!.slice(0, 3))).toEqual(
      sorted([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 1],
      ]),
    );
    expect(sorted(data.matrices[1]!.slice(3))).toEqual(
      sorted([
        [0, 0, null],
        [0, 1, null],
      ]),
    );
  });

  it('give Concord the same coefficients as the report computed on the partials', () => {
    const { ctx, partials } = analysed();
    const data = segmentMatrices(ctx, partials);
    const tables = data.codes.map((_, code) => partials.map((p) => p.codes[code]!));
    const alphas = concordAlpha(data);
    const kappas = concordFleiss(data);
    tables.forEach((perDocument, code) => {
      const rows = perDocument.flatMap((t) => t.patterns.flatMap((p, i) => Array(t.weights[i]).fill(p)));
      const table = patternTableFromUnits(rows as number[][], 2);
      expect(alphas[code]).toBe(krippendorffAlpha(table).alpha.value);
      expect(kappas[code]).toBe(fleissKappa(table).kappa.value);
    });
  });

  it('keep whole documents in a subset', () => {
    const { ctx, partials } = analysed();
    const subset = firstDocuments(segmentMatrices(ctx, partials), 1);
    expect(subset.documents).toEqual([{ id: 'd1', units: 3 }]);
    expect(subset.matrices.map((rows) => rows.length)).toEqual([3, 3]);
    expect(subset.matrices[1]!.some((row) => row.includes(null))).toBe(false);
  });

  it('refuse partials made with another context', () => {
    const { partials } = analysed();
    const other = createAgreementContext(setup, { unit: 'segment', segments: 'paragraph' });
    expect(() => segmentMatrices(other, partials)).toThrow(/another context/);
  });
});

describe('comparing values', () => {
  it('treats NaN as undefined and flags differences beyond the tolerance', () => {
    const c = compareValues(
      ['x', 'y', 'z', 'w'],
      [0.5, null, 0.25, null],
      [0.5 + 1e-12, NaN, 0.2500001, 0.1],
      1e-9,
    );
    expect(c.maxDifference).toBeCloseTo(1e-7, 9);
    expect(c.disagreeing).toEqual(['z']);
    expect(c.definedByOneSide).toEqual(['w']);
  });
});

function example(name: string): CodingExample {
  return CodingExampleSchema.parse(
    JSON.parse(readFileSync(join(EXAMPLES_DIR, 'coding', `${name}.json`), 'utf8')),
  );
}

/** An example's units as category indices (position in `categories`), null kept. */
function indexed(e: CodingExample): (number | null)[][] {
  return (e.units ?? []).map((row) => row.map((v) => (v === null ? null : e.categories.indexOf(v))));
}

const python = ensurePythonPeers(SYSTEM_PYTHON, false);
if (!python.ok) console.log(`statsmodels/NLTK test skipped: ${python.reason}`);

describe.skipIf(!python.ok)('statsmodels and NLTK through the benchmark’s peer process', () => {
  it('agree with Concord to 1e-9 on published examples, missing ratings included', async () => {
    // Fleiss (1971): 30 patients × 6 psychiatrists, 5 diagnoses, complete. Krippendorff (2011):
    // 4 observers × 12 units with missing values, one unit with a single value (not pairable).
    const fleiss = example('fleiss1971_diagnoses');
    const kripp = example('krippendorff2011_4x12_missing');
    const fleissUnits = indexed(fleiss);
    const krippUnits = indexed(kripp);
    const coders = ['A', 'B', 'C', 'D', 'E', 'F'];
    // Pad the 4-coder data to 6 coders with missing ratings, which neither α nor Fleiss' κ of the
    // complete rows changes; one matrix each way round, so each package sees both data sets.
    const padded = krippUnits.map((row) => [...row, null, null]);
    const peers = await startPythonPeers({
      coders,
      codes: ['first', 'second'],
      categories: 5,
      fleiss: [fleissUnits, fleissUnits],
      alpha: [padded, fleissUnits],
    });
    try {
      const kappas = await peers.fleiss();
      const alphas = await peers.alpha();
      const concordKappa = fleissKappa(patternTableFromUnits(fleissUnits, 5)).kappa.value!;
      const concordAlphaMissing = krippendorffAlpha(patternTableFromUnits(krippUnits, 5)).alpha.value!;
      const concordAlphaFleiss = krippendorffAlpha(patternTableFromUnits(fleissUnits, 5)).alpha.value!;
      // The published values first, so that agreeing on a wrong number cannot pass.
      expect(concordKappa).toBeCloseTo(fleiss.expected['fleiss_kappa']!, 6);
      expect(Math.abs(concordAlphaMissing - kripp.expected['krippendorff_alpha_nominal']!)).toBeLessThan(
        kripp.tolerance,
      );
      expect(Math.abs(kappas.values[0]! - concordKappa)).toBeLessThan(1e-9);
      expect(Math.abs(alphas.values[0]! - concordAlphaMissing)).toBeLessThan(1e-9);
      expect(Math.abs(alphas.values[1]! - concordAlphaFleiss)).toBeLessThan(1e-9);
      expect(kappas.ms).toBeGreaterThan(0);
      expect(kappas.wallMs).toBeGreaterThanOrEqual(kappas.ms);
    } finally {
      await peers.close();
    }
  });

  it('report no value where a code was never applied, as Concord does', async () => {
    const rows = [
      [0, 0],
      [0, 0],
      [0, null],
    ];
    const peers = await startPythonPeers({
      coders: ['a', 'b'],
      codes: ['never'],
      categories: 2,
      fleiss: [rows],
      alpha: [rows],
    });
    try {
      const table = patternTableFromUnits(rows, 2);
      expect(fleissKappa(table).kappa.value).toBeNull();
      expect((await peers.fleiss()).values).toEqual([null]);
      // NLTK answers 1 for data with a single label; Concord reports no value (see docs/agreement.md).
      expect(krippendorffAlpha(table).alpha.value).toBeNull();
      expect((await peers.alpha()).values).toEqual([1]);
    } finally {
      await peers.close();
    }
  });
});
