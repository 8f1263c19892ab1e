/**
 * The segment matrices of a Concord agreement analysis, as statistics packages take them: per
 * code, one row per unit (segment) and one column per coder, 1 where the coder applied the code to
 * the unit, 0 where not, null where the coder did not complete the document. The agreement
 * benchmark hands these to statsmodels and NLTK, and times Concord's own coefficients on the same
 * rows. Pure.
 */
import type { AgreementContext, DocumentPartial } from '../shared/agreement/index.ts';
import { fleissKappa } from '../shared/agreement/fleiss.ts';
import { krippendorffAlpha } from '../shared/agreement/krippendorff.ts';
import { MISSING, patternTableFromUnits } from '../shared/agreement/patterns.ts';

/** A coder's rating of one unit: applied (1), not applied (0), or missing (null). */
export type Rating = 0 | 1 | null;

/** Reliability data of every code of an analysis, unit by unit. */
export interface SegmentMatrices {
  /** Coder ids, in column order. */
  readonly coders: readonly string[];
  /** Code ids, in the order of `matrices`. */
  readonly codes: readonly string[];
  /** Documents in row order, with how many rows (units) each contributes. */
  readonly documents: readonly { readonly id: string; readonly units: number }[];
  /** Per code: rows of ratings, one per unit, `coders.length` values each. */
  readonly matrices: readonly (readonly (readonly Rating[])[])[];
}

/**
 * Expands the per-document partials of a present/absent analysis (unit `segment` or `character`,
 * though characters make one row per code point) into unit rows. Within a document the rows come
 * in the engine's pattern order, not text order: both coefficients compared are sums over units,
 * so the order of units does not change them. Throws on a partial made with another context or on
 * a fractional weight (which no unit count has).
 */
export function segmentMatrices(
  ctx: AgreementContext,
  partials: readonly DocumentPartial[],
): SegmentMatrices {
  const m = ctx.coders.length;
  const matrices: Rating[][][] = ctx.codes.map(() => []);
  for (const partial of partials) {
    if (partial.fingerprint !== ctx.fingerprint)
      throw new Error(`partial of '${partial.document}' was made with another context`);
    partial.codes.forEach((table, code) => {
      const rows = matrices[code]!;
      table.patterns.forEach((values, i) => {
        const weight = table.weights[i] ?? 0;
        if (!Number.isInteger(weight)) throw new Error(`fractional unit count ${weight}`);
        const row: Rating[] = new Array<Rating>(m);
        for (let k = 0; k < m; k++) {
          const v = values[k] ?? MISSING;
          row[k] = v === MISSING ? null : v === 1 ? 1 : 0;
        }
        for (let n = 0; n < weight; n++) rows.push(row);
      });
    });
  }
  return {
    coders: ctx.coders,
    codes: ctx.codes.map((c) => c.id),
    documents: partials.map((p) => ({ id: p.document, units: p.units })),
    matrices,
  };
}

/** The rows of the first `count` documents only (the subset a slow package is timed on). */
export function firstDocuments(data: SegmentMatrices, count: number): SegmentMatrices {
  const documents = data.documents.slice(0, count);
  const rows = documents.reduce((n, d) => n + d.units, 0);
  return { ...data, documents, matrices: data.matrices.map((rowsOfCode) => rowsOfCode.slice(0, rows)) };
}

/** Total number of unit rows per code. */
export function unitCount(data: SegmentMatrices): number {
  return data.documents.reduce((n, d) => n + d.units, 0);
}

/**
 * Concord's Fleiss' κ of every code, from the unit rows (as statsmodels gets them): the rows are
 * aggregated into a pattern table and the engine's coefficient is computed on it. Null where the
 * engine reports the coefficient as undefined.
 */
export function concordFleiss(data: SegmentMatrices): (number | null)[] {
  return data.matrices.map((rows) => fleissKappa(patternTableFromUnits(rows, 2)).kappa.value);
}

/** Concord's nominal Krippendorff's α of every code, from the unit rows (as NLTK gets them). */
export function concordAlpha(data: SegmentMatrices): (number | null)[] {
  return data.matrices.map((rows) => krippendorffAlpha(patternTableFromUnits(rows, 2)).alpha.value);
}

/** A comparison of one coefficient per code between Concord and a package. */
export interface ValueComparison {
  /** Largest |Concord − package| over the codes both define. */
  readonly maxDifference: number;
  /** Codes where exactly one side has a value (Concord null, the package a number, or reverse). */
  readonly definedByOneSide: readonly string[];
  /** Codes whose values differ by more than the tolerance. */
  readonly disagreeing: readonly string[];
}

/**
 * Compares per-code values; a package's NaN (0/0 on data without variation) counts as undefined,
 * as Concord's null does.
 */
export function compareValues(
  codes: readonly string[],
  concord: readonly (number | null)[],
  peer: readonly (number | null)[],
  tolerance: number,
): ValueComparison {
  let maxDifference = 0;
  const definedByOneSide: string[] = [];
  const disagreeing: string[] = [];
  codes.forEach((code, i) => {
    const a = concord[i] ?? null;
    const raw = peer[i] ?? null;
    const b = raw === null || Number.isNaN(raw) ? null : raw;
    if (a === null || b === null) {
      if (a !== b) definedByOneSide.push(code);
      return;
    }
    const d = Math.abs(a - b);
    maxDifference = Math.max(maxDifference, d);
    if (!(d <= tolerance)) disagreeing.push(code);
  });
  return { maxDifference, definedByOneSide, disagreeing };
}
