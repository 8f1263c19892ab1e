/**
 * Coded passages (retrieved segments) arranged for reading: by document, by coder side by side,
 * the pairs a co-occurrence cell counts, and the selection that opens one in the coding view.
 * Pure. Positions from the API are code points, half-open; the coding view counts UTF-16 units.
 */
import { CONTEXT_CODE_POINTS } from '../../../shared/analysis/segments.ts';
import { codePointLength, CodePointIndex } from '../../../shared/model/codePoints.ts';
import type { RangeHint } from './route.ts';

/** The fields of a passage these arrangements read. */
export interface PassageLike {
  documentId: string;
  documentTitle: string;
  layer: string;
  codeId: string;
  codingId: string;
  start: number;
  end: number;
}

/**
 * The coding view's selection for a passage at code points [`start`, `end`) of `text`: the same
 * characters as UTF-16 offsets (an emoji before the passage counts once in code points, twice in
 * UTF-16). Positions past the end are clamped to it.
 */
export function passageRange(text: string, start: number, end: number): RangeHint {
  const index = new CodePointIndex(text);
  const clamp = (n: number) => Math.min(Math.max(0, n), index.length);
  const from = index.toUtf16(clamp(start));
  return { from, to: Math.max(from, index.toUtf16(clamp(end))) };
}

/** Passages in reading order: by document (first appearance), then position, then layer. */
function inReadingOrder<T extends PassageLike>(passages: readonly T[]): T[] {
  const documentOrder = new Map<string, number>();
  for (const p of passages)
    if (!documentOrder.has(p.documentId)) documentOrder.set(p.documentId, documentOrder.size);
  return [...passages].sort(
    (a, b) =>
      documentOrder.get(a.documentId)! - documentOrder.get(b.documentId)! ||
      a.start - b.start ||
      a.end - b.end ||
      a.layer.localeCompare(b.layer) ||
      a.codingId.localeCompare(b.codingId),
  );
}

/** One document's passages. */
export interface DocumentGroup<T> {
  documentId: string;
  documentTitle: string;
  passages: T[];
}

/** Passages grouped by document, documents in the order the answer lists them, passages by position. */
export function groupByDocument<T extends PassageLike>(passages: readonly T[]): DocumentGroup<T>[] {
  const groups = new Map<string, DocumentGroup<T>>();
  for (const p of inReadingOrder(passages)) {
    let group = groups.get(p.documentId);
    if (!group) {
      group = { documentId: p.documentId, documentTitle: p.documentTitle, passages: [] };
      groups.set(p.documentId, group);
    }
    group.passages.push(p);
  }
  return [...groups.values()];
}

/** One document's row of the side-by-side view: each layer's passages, in `layers` order. */
export interface ComparisonRow<T> {
  documentId: string;
  documentTitle: string;
  /** `cells[k]` holds the passages of `layers[k]` (empty when that coder coded none here). */
  cells: T[][];
}

/**
 * Passages side by side: a column per layer (coder), a row per document, so how each coder read
 * the same code in the same transcript lines up. Layers come in `layers` order, then any others
 * the passages hold (sorted), so nothing retrieved is left out.
 */
export function compareByCoder<T extends PassageLike>(
  passages: readonly T[],
  layers: readonly string[],
): { layers: string[]; rows: ComparisonRow<T>[] } {
  const extra = [...new Set(passages.map((p) => p.layer))].filter((l) => !layers.includes(l)).sort();
  const present = new Set(passages.map((p) => p.layer));
  const columns = [...layers.filter((l) => present.has(l)), ...extra];
  const rows = groupByDocument(passages).map((group) => ({
    documentId: group.documentId,
    documentTitle: group.documentTitle,
    cells: columns.map((layer) => group.passages.filter((p) => p.layer === layer)),
  }));
  return { layers: columns, rows };
}

/**
 * The passages behind a co-occurrence cell: of codes `a` and `b` (retrieved for one layer), those
 * of either code that share at least one code point with a passage of the other code in the same
 * document and layer, in reading order. For `a === b` (the diagonal: codings of that code) every
 * passage of the code.
 */
export function overlappingPassages<T extends PassageLike>(
  passages: readonly T[],
  a: string,
  b: string,
): T[] {
  if (a === b) return inReadingOrder(passages.filter((p) => p.codeId === a));
  const overlaps = (p: T, q: T) =>
    p.documentId === q.documentId && p.layer === q.layer && p.start < q.end && q.start < p.end;
  const ofA = passages.filter((p) => p.codeId === a);
  const ofB = passages.filter((p) => p.codeId === b);
  return inReadingOrder([
    ...ofA.filter((p) => ofB.some((q) => overlaps(p, q))),
    ...ofB.filter((q) => ofA.some((p) => overlaps(p, q))),
  ]);
}

/**
 * Where a passage's context stops short of the text, so the page shows "…" there. `before` is
 * cut when the passage starts later than its length; `after` holds the full
 * {@link CONTEXT_CODE_POINTS} only when the text goes on (or, rarely, ends exactly there, when
 * the answer cannot tell the two apart and an ellipsis shows anyway).
 */
export function contextCuts(p: { start: number; before: string; after: string }): {
  before: boolean;
  after: boolean;
} {
  return {
    before: p.start > codePointLength(p.before),
    after: codePointLength(p.after) >= CONTEXT_CODE_POINTS,
  };
}
