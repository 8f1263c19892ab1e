/**
 * Known-answer tests: every published worked example in examples/ (a copy of
 * shared/agreement-examples), every expected key asserted within the example's tolerance. Each
 * test's name carries the example's source citation. A key without an implementation fails.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bennettS,
  cohensKappa,
  scottsPi,
  weightedKappa,
  agreementTerms,
  type AgreementTerms,
} from '../../../shared/agreement/cohen.ts';
import { pairContingency } from '../../../shared/agreement/contingency.ts';
import { congerKappa, fleissKappa, lightKappa, randolphKappa } from '../../../shared/agreement/fleiss.ts';
import { coincidences, krippendorffAlpha, type AlphaMetric } from '../../../shared/agreement/krippendorff.ts';
import {
  patternTableFromContingency,
  patternTableFromCounts,
  patternTableFromUnits,
  type PatternTable,
} from '../../../shared/agreement/patterns.ts';
import { percentAgreementPairable, percentAgreementPairwise } from '../../../shared/agreement/percent.ts';
import { pooledKappa } from '../../../shared/agreement/pooled.ts';
import {
  computeAgreement,
  type AgreementInput,
  type AgreementReport,
} from '../../../shared/agreement/index.ts';
import type { Stat } from '../../../shared/agreement/stat.ts';
import { skipUnlessPresent } from '../../helpers/requirements.ts';
import {
  codingExamples,
  EXAMPLES_DIR,
  indexUnits,
  unitizingExamples,
  type CodingExample,
  type UnitizingExample,
} from './examples.ts';

/**
 * Keys deliberately not implemented, with the reason. Keep this tiny; a key missing from both
 * this list and the evaluators fails its test.
 */
const NOT_IMPLEMENTED: ReadonlyMap<string, string> = new Map();

function table(ex: CodingExample): PatternTable {
  if (ex.table) return patternTableFromContingency(ex.table);
  if (ex.counts) return patternTableFromCounts(ex.counts);
  if (ex.units) return patternTableFromUnits(indexUnits(ex.units, ex.categories), ex.categories.length);
  throw new Error(`example ${ex.name} has no data`);
}

function twoCoders(ex: CodingExample): number[][] {
  const t = table(ex);
  if (t.coders !== 2) throw new Error(`${ex.name}: pairwise measure on ${t.coders} coders`);
  return pairContingency(t, 0, 1);
}

function scores(ex: CodingExample): number[] {
  return ex.categories.map((c) => {
    if (typeof c !== 'number') throw new Error(`${ex.name}: category ${c} has no numeric value`);
    return c;
  });
}

function pooledTerms(ex: CodingExample): AgreementTerms[] {
  if (!ex.pooled) throw new Error(`${ex.name}: no per-code data for pooled kappa`);
  return Object.values(ex.pooled).map((units) => {
    const t = patternTableFromUnits(indexUnits(units, ex.categories), ex.categories.length);
    const terms = agreementTerms(pairContingency(t, 0, 1));
    if (!terms) throw new Error('empty code');
    return terms;
  });
}

type Evaluator = (ex: CodingExample, match: RegExpMatchArray) => Stat;

const CODING: readonly (readonly [RegExp, Evaluator])[] = [
  [/^cohen_kappa$/, (ex) => cohensKappa(twoCoders(ex))],
  [/^cohen_kappa_linear$/, (ex) => weightedKappa(twoCoders(ex), scores(ex), 'linear')],
  [/^scott_pi$/, (ex) => scottsPi(twoCoders(ex))],
  [/^bennett_s$/, (ex) => bennettS(percentAgreementPairwise(table(ex)), ex.categories.length)],
  [/^percent_agreement_pairwise$/, (ex) => percentAgreementPairwise(table(ex))],
  [/^percent_agreement_pairable$/, (ex) => percentAgreementPairable(coincidences(table(ex)))],
  [
    /^krippendorff_alpha_(nominal|ordinal|interval|ratio)$/,
    (ex, m) => {
      const metric = m[1] as AlphaMetric;
      return krippendorffAlpha(
        table(ex),
        metric,
        metric === 'nominal' || metric === 'ordinal' ? [] : scores(ex),
      ).alpha;
    },
  ],
  [/^fleiss_kappa$/, (ex) => fleissKappa(table(ex)).kappa],
  [
    /^fleiss_kappa_category\[(.+)\]$/,
    (ex, m) => {
      const at = ex.categories.findIndex((c) => String(c) === m[1]);
      const s = fleissKappa(table(ex)).perCategory[at];
      if (!s) throw new Error(`${ex.name}: unknown category ${m[1]}`);
      return s;
    },
  ],
  [/^randolph_kappa$/, (ex) => randolphKappa(table(ex))],
  [/^conger_kappa$/, (ex) => congerKappa(table(ex))],
  [/^light_kappa$/, (ex) => lightKappa(table(ex))],
  [/^pooled_kappa$/, (ex) => pooledKappa(pooledTerms(ex))],
  [
    /^average_kappa$/,
    (ex) => {
      if (!ex.pooled) throw new Error('no per-code data');
      const kappas = Object.values(ex.pooled).map((units) =>
        cohensKappa(
          pairContingency(
            patternTableFromUnits(indexUnits(units, ex.categories), ex.categories.length),
            0,
            1,
          ),
        ),
      );
      const values = kappas.map((k) => k.value ?? Number.NaN);
      return { value: values.reduce((a, b) => a + b, 0) / values.length };
    },
  ],
];

function expectClose(actual: Stat, expected: number, tolerance: number, key: string): void {
  expect(actual.value, `${key}: ${actual.reason ?? ''}`).not.toBeNull();
  // Relative slack of 1e-9 absorbs binary rounding when the tolerance is tighter than that.
  expect(Math.abs((actual.value ?? Number.NaN) - expected), key).toBeLessThanOrEqual(
    tolerance + 1e-9 * Math.abs(expected),
  );
}

describe('known answers: coding measures', () => {
  for (const { file, example } of codingExamples()) {
    describe(`${file}: ${example.source}`, () => {
      for (const [key, expected] of Object.entries(example.expected)) {
        it(`${key} = ${expected} (±${example.tolerance})`, () => {
          if (NOT_IMPLEMENTED.has(key)) return;
          const hit = CODING.map(([re, f]) => [key.match(re), f] as const).find(([m]) => m);
          if (!hit?.[0]) expect.fail(`no implementation for key '${key}'`);
          expectClose(hit[1](example, hit[0]), expected, example.tolerance, key);
        });
      }
    });
  }
});

/** The example as an input file: one document [0, L) with positions shifted by the continuum's begin. */
function unitizingInput(ex: UnitizingExample): AgreementInput {
  const codes = [...new Set(ex.segments.map((s) => s.code))];
  return {
    documents: [{ id: 'continuum', length: ex.continuum.length }],
    coders: ex.coders,
    codes: codes.map((id) => ({ id, name: id })),
    codings: ex.segments.map((s) => ({
      document: 'continuum',
      coder: s.coder,
      code: s.code,
      start: s.begin - ex.continuum.begin,
      end: s.begin - ex.continuum.begin + s.length,
    })),
  };
}

function unitizingValue(report: AgreementReport, key: string): Stat {
  const field = (value: number | null, reason: string | undefined): Stat =>
    value === null ? { value: null, reason: reason ?? 'null without a reason' } : { value };
  const perCode = /^alpha_u_1995\[(.+)\](\.D_o|\.D_e)?$/.exec(key);
  if (perCode) {
    const code = report.codes.find((c) => c.code === perCode[1]);
    if (!code) throw new Error(`unknown code ${perCode[1]}`);
    if (perCode[2] === '.D_o') return field(code.alphaUObserved, 'no D_o');
    if (perCode[2] === '.D_e') return field(code.alphaUExpected, 'no D_e');
    return field(code.alphaU, code.alphaUReason);
  }
  switch (key) {
    case 'alpha_u_1995':
      return field(report.overall.alphaU, report.overall.alphaUReason);
    case 'u_alpha':
      return field(report.overall.uAlpha, report.overall.uAlphaReason);
    case 'u_alpha_binary':
      return field(report.overall.uAlphaBinary, report.overall.uAlphaBinaryReason);
    case 'cu_alpha':
      return field(report.overall.cuAlpha, report.overall.cuAlphaReason);
    default:
      return expect.fail(`no implementation for key '${key}'`);
  }
}

describe('known answers: unitizing (through computeAgreement)', () => {
  for (const { file, example } of unitizingExamples()) {
    describe(`${file}: ${example.source}`, () => {
      const report = computeAgreement(unitizingInput(example), { unit: 'unitizing' });
      for (const [key, expected] of Object.entries(example.expected)) {
        it(`${key} = ${expected} (±${example.tolerance})`, () => {
          if (NOT_IMPLEMENTED.has(key)) return;
          expectClose(unitizingValue(report, key), expected, example.tolerance, key);
        });
      }
    });
  }

  it('reports the 2016/2019 family as not applicable, with the reason, when a coder’s segments overlap (Krippendorff 2004 p.254)', () => {
    const example = unitizingExamples().find((e) => e.file === 'krippendorff2004_p254.json')?.example;
    if (!example) expect.fail('example missing');
    const report = computeAgreement(unitizingInput(example), { unit: 'unitizing' });
    expect(report.overall.uAlpha).toBeNull();
    expect(report.overall.uAlphaReason).toMatch(/not applicable.*coder 'i' has overlapping segments/);
  });
});

describe('known answers: the copy of the examples', () => {
  // The examples' origin sits beside the clone (CI mounts a read-only copy of it there), so a
  // clone on its own cannot compare: it says so, and CI, where the copy must be, fails instead.
  const original = join(EXAMPLES_DIR, '..', '..', '..', '..', '..', 'shared', 'agreement-examples');
  const skip = skipUnlessPresent(
    'known answers: the copy of the examples',
    existsSync(original) ? [] : [`${original} is missing`],
    'the examples come from shared/agreement-examples beside the clone',
  );
  it.skipIf(skip)('matches shared/agreement-examples file for file', () => {
    for (const kind of ['coding', 'unitizing']) {
      const names = readdirSync(join(original, kind)).sort();
      expect(readdirSync(join(EXAMPLES_DIR, kind)).sort()).toEqual(names);
      for (const name of names) {
        const read = (dir: string): unknown => JSON.parse(readFileSync(join(dir, kind, name), 'utf8'));
        expect(read(EXAMPLES_DIR), name).toEqual(read(original));
      }
    }
  });
});
