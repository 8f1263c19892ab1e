import { alphaUPartial, type AlphaUPartial } from './unitizing.ts';
import { codePointLength } from '../model/codePoints.ts';
import type { AgreementContext } from './context.ts';
import { AppError } from '../errors.ts';
import { Coverage, mergeTouching, NO_INTERVALS, unionIntervals, type Interval } from './intervals.ts';
import type { PatternTable } from './patterns.ts';
import type { DocumentReport } from './report.ts';
import { sortInPlace } from './radix.ts';
import { deriveSegments } from './segments.ts';
import { summariseDocument } from './summary.ts';
import {
  categoryPieces,
  characterCategoryPatterns,
  characterPatterns,
  characterPatternsAllCodes,
  segmentCategoryPatterns,
  segmentPatterns,
  type CategoryPiece,
  type IndexedCoding,
} from './sweep.ts';
import { familyPartial, findOverlap, type FamilyPartial, type ValuedSegment } from './unitizingFamily.ts';

/** One document as plain data: what the server reads out of its Yjs rooms. */
export interface AgreementDocument {
  readonly id: string;
  /** The text; needed to derive segments, and for the length if `length` is absent. */
  readonly text?: string | undefined;
  /** Length in code points. */
  readonly length?: number | undefined;
  /** Explicit units of analysis [start, end) for segmentation `given`. */
  readonly units?: readonly (readonly [number, number])[] | undefined;
  /** Coders who completed this document; every other coder is missing here. */
  readonly completed: readonly string[];
  /** Codings of this document, positions in code points, half-open. */
  readonly codings: readonly {
    readonly coder: string;
    readonly code: string;
    readonly start: number;
    readonly end: number;
  }[];
}

/** The 2016/2019 unitizing family's sums, or why it does not apply to this document. */
export type FamilyPiece = { readonly partial: FamilyPartial } | { readonly violation: string };

/** Unitizing sums of a document completed by every coder. */
export interface UnitizingPartial {
  /** alpha_u (1995) sums per code. */
  readonly alphaU: readonly AlphaUPartial[];
  /** uα family over all codes. */
  readonly family: FamilyPiece;
  /** uα family per exclusive group. */
  readonly groupFamilies: readonly FamilyPiece[];
}

/**
 * A document's additive contribution to the report. Cache it by the document's state (and the
 * context's fingerprint) and recompute only documents that changed; {@link combine} is cheap.
 */
export interface DocumentPartial {
  readonly fingerprint: string;
  readonly document: string;
  readonly length: number;
  /** Indices of the coders who completed the document. */
  readonly completed: readonly number[];
  /** Units of analysis in the document (code points for `character`, segments for `segment`). */
  readonly units: number;
  /** Per code (context order): present/absent ratings; empty for `unitizing`. */
  readonly codes: readonly PatternTable[];
  /** Per exclusive group: category ratings (0 = none of the group's codes). */
  readonly groups: readonly { readonly table: PatternTable; readonly conflicts: number }[];
  /** Null unless every coder completed the document. */
  readonly unitizing: UnitizingPartial | null;
  /** Codings by coders who had not completed the document (ignored). */
  readonly ignoredCodings: number;
  /** Zero-length codings (ignored). */
  readonly emptyCodings: number;
  /** Codings by coders or of codes outside the analysis (ignored). */
  readonly foreignCodings: number;
  /** The document's own figures. */
  readonly summary: DocumentReport;
}

function invalid(path: (string | number)[], message: string): AppError {
  return new AppError('validation', message, [{ path, message }]);
}

function unitsOf(ctx: AgreementContext, doc: AgreementDocument, length: number): Interval[] {
  const { segments } = ctx.options;
  if (segments === 'given') {
    if (!doc.units)
      throw invalid(
        ['documents', doc.id, 'units'],
        `document '${doc.id}' has no "units" for --segments given`,
      );
    return doc.units.map(([start, end]) => {
      if (!(start < end && end <= length)) {
        throw invalid(
          ['documents', doc.id, 'units'],
          `unit [${start}, ${end}) of document '${doc.id}' is invalid`,
        );
      }
      return { start, end };
    });
  }
  if (doc.text === undefined) {
    throw invalid(
      ['documents', doc.id, 'text'],
      `document '${doc.id}' has no text to derive ${segments} segments from`,
    );
  }
  return deriveSegments(doc.text, segments);
}

/**
 * Segments sorted by start (ties: shorter first), through the radix sort: each key packs the
 * start with the segment's index.
 */
function sortByStart(segs: readonly ValuedSegment[]): ValuedSegment[] {
  const n = segs.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (segs[i]?.start ?? 0) * n + i;
  sortInPlace(keys);
  const out: ValuedSegment[] = [];
  for (const key of keys) {
    const s = segs[key % n];
    if (s) out.push(s);
  }
  // Equal starts keep input order; order them by end for a stable, overlap-revealing sequence.
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1];
    const b = out[i];
    if (a && b && a.start === b.start && a.end > b.end) {
      out.sort((x, y) => x.start - y.start || x.end - y.end);
      break;
    }
  }
  return out;
}

/** uα family sums over the codes `codeIndices`, from each coder's units per code. */
function family(
  unitized: readonly (readonly (readonly Interval[])[])[],
  codeIndices: readonly number[],
  ctx: AgreementContext,
  doc: AgreementDocument,
  length: number,
): FamilyPiece {
  // Coder by coder, so that the usual case (codes overlap) stops at the first overlap found.
  const byCoder: ValuedSegment[][] = [];
  for (const [coder, byCode] of unitized.entries()) {
    const unsorted: ValuedSegment[] = [];
    codeIndices.forEach((code, value) => {
      for (const iv of byCode[code] ?? []) unsorted.push({ start: iv.start, end: iv.end, value });
    });
    const segs = sortByStart(unsorted);
    byCoder.push(segs);
    const overlap = findOverlap(segs);
    if (overlap) {
      const [a, b] = overlap;
      const name = (s: ValuedSegment): string => ctx.codes[codeIndices[s.value] ?? -1]?.id ?? '?';
      return {
        violation:
          `coder '${ctx.coders[coder] ?? '?'}' has overlapping segments in document '${doc.id}' ` +
          `('${name(a)}' [${a.start}, ${a.end}) and '${name(b)}' [${b.start}, ${b.end}))`,
      };
    }
  }
  return { partial: familyPartial(byCoder, codeIndices.length, 0, length) };
}

/** Analyses one document: sweeps, segment decisions and unitizing sums. Pure. */
export function analyseDocument(ctx: AgreementContext, doc: AgreementDocument): DocumentPartial {
  const length = doc.length ?? (doc.text === undefined ? undefined : codePointLength(doc.text));
  if (length === undefined)
    throw invalid(['documents', doc.id], `document '${doc.id}' needs "text" or "length"`);
  const m = ctx.coders.length;
  const q = ctx.codes.length;
  // Coders outside the analysis (e.g. a consensus layer) may appear in live data: not ours to rate.
  const present = new Array<boolean>(m).fill(false);
  for (const coder of doc.completed) {
    const i = ctx.coderIndex.get(coder);
    if (i !== undefined) present[i] = true;
  }
  // lists[coder·q + code]: that coder's codings of that code, as given; made on first use.
  const lists: (Interval[] | undefined)[] = new Array<Interval[] | undefined>(m * q);
  const accepted: IndexedCoding[] = [];
  let ignoredCodings = 0;
  let emptyCodings = 0;
  let foreignCodings = 0;
  // Plain loops here and below: this runs for every coding of every document of a report.
  const codings = doc.codings;
  for (let i = 0; i < codings.length; i++) {
    const c = codings[i]!;
    if (!(c.start >= 0 && c.start <= c.end && c.end <= length)) {
      throw invalid(
        ['codings', i],
        `coding [${c.start}, ${c.end}) does not fit document '${doc.id}' (length ${length})`,
      );
    }
    const coder = ctx.coderIndex.get(c.coder);
    const code = ctx.codeIndex.get(c.code);
    if (coder === undefined || code === undefined) foreignCodings += 1;
    else if (!present[coder]) ignoredCodings += 1;
    else if (c.start === c.end) emptyCodings += 1;
    else {
      (lists[coder * q + code] ??= []).push(c);
      accepted.push({ coder, code, start: c.start, end: c.end });
    }
  }
  const { unit, overlap } = ctx.options;
  // Character units: one sweep over all codings gives every code's patterns and, on the way, the
  // units for unitizing (null when the pattern space is too large for it).
  const unions: (Interval[] | undefined)[] = [];
  const joint = unit === 'character' ? characterPatternsAllCodes(accepted, present, q, length, unions) : null;
  // Units for unitizing: overlapping codings merge, adjacent ones stay separate units. Coverage
  // (for characters and segments) also merges adjacent ones.
  const unitized: (readonly Interval[])[][] = new Array<(readonly Interval[])[]>(m);
  for (let coder = 0; coder < m; coder++) {
    const byCode = new Array<readonly Interval[]>(q);
    for (let code = 0; code < q; code++) {
      if (joint) {
        byCode[code] = unions[code * m + coder] ?? NO_INTERVALS;
      } else {
        const list = lists[coder * q + code];
        byCode[code] = list ? unionIntervals(list, false) : NO_INTERVALS;
      }
    }
    unitized[coder] = byCode;
  }
  const coverageOf = (): (readonly (readonly Interval[])[] | null)[] =>
    unitized.map((byCode, coder) => (present[coder] ? byCode.map(mergeTouching) : null));
  let units = 0;
  let codes: PatternTable[] = [];
  let groups: { table: PatternTable; conflicts: number }[] = [];
  if (unit === 'character') {
    units = length;
    // Per-coder coverage is only needed by the per-code fallback and by exclusive groups.
    const coverage = joint && ctx.groups.length === 0 ? [] : coverageOf();
    codes =
      joint ??
      ctx.codes.map((_, code) =>
        characterPatterns(
          coverage.map((c) => c?.[code] ?? null),
          length,
        ),
      );
    groups = ctx.groups.map((g) => {
      let conflicts = 0;
      const pieces = coverage.map((byCode): CategoryPiece[] | null => {
        if (!byCode) return null;
        const split = categoryPieces(g.codeIndices.map((code) => byCode[code] ?? []));
        conflicts += split.conflicts;
        return split.pieces;
      });
      return { table: characterCategoryPatterns(pieces, g.codeIndices.length + 1, length), conflicts };
    });
  } else if (unit === 'segment') {
    const segments = unitsOf(ctx, doc, length);
    units = segments.length;
    const cov = coverageOf().map((byCode) => byCode?.map((ivs) => new Coverage(ivs)) ?? null);
    codes = ctx.codes.map((_, code) =>
      segmentPatterns(
        cov.map((c) => c?.[code] ?? null),
        segments,
        overlap,
      ),
    );
    groups = ctx.groups.map((g) =>
      segmentCategoryPatterns(
        cov.map((byCode) => (byCode ? g.codeIndices.map((code) => byCode[code] ?? new Coverage([])) : null)),
        segments,
        overlap,
      ),
    );
  }
  let unitizing: UnitizingPartial | null = null;
  if (m >= 2 && present.every(Boolean)) {
    const allCodes = ctx.codes.map((_, i) => i);
    const alphaU: AlphaUPartial[] = new Array<AlphaUPartial>(q);
    const byCoder: (readonly Interval[])[] = new Array<readonly Interval[]>(m);
    for (let code = 0; code < q; code++) {
      for (let coder = 0; coder < m; coder++) byCoder[coder] = unitized[coder]![code]!;
      alphaU[code] = alphaUPartial(byCoder, 0, length);
    }
    unitizing = {
      alphaU,
      family: family(unitized, allCodes, ctx, doc, length),
      groupFamilies: ctx.groups.map((g) => family(unitized, g.codeIndices, ctx, doc, length)),
    };
  }
  const completed = present.flatMap((p, i) => (p ? [i] : []));
  return {
    fingerprint: ctx.fingerprint,
    document: doc.id,
    length,
    completed,
    units,
    codes,
    groups,
    unitizing,
    ignoredCodings,
    emptyCodings,
    foreignCodings,
    summary: summariseDocument(ctx, ctx.pairs, doc.id, completed, units, codes, unitizing?.alphaU ?? null),
  };
}
