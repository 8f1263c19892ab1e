/**
 * Code co-occurrence in one layer. Pure.
 *
 * `counts[i][j]` (i ≠ j) is the number of pairs (a coding of code i, a coding of code j) in the
 * same document and layer whose spans share at least one code point; spans are half-open, so
 * `[0,5)` and `[5,9)` share none. `counts[i][i]` is simply the number of codings of code i: two
 * overlapping codings of the same code are not a co-occurrence and are not counted as one. The
 * matrix is symmetric.
 */
import type { AnalysisDocument } from './documents.ts';

/** The co-occurrence table: `counts[i][j]` for `codes[i]` and `codes[j]`. */
export interface Cooccurrence {
  codes: string[];
  counts: number[][];
}

/**
 * Counts co-occurrences of the codes in one layer of the documents. Codings of codes not listed
 * and of other layers are ignored. Per document, a sweep over the codings by start pairs each
 * coding only with those still open, so the work grows with the overlaps, not with n².
 */
export function cooccurrence(
  documents: readonly AnalysisDocument[],
  codes: readonly string[],
  layer: string,
): Cooccurrence {
  const row = new Map(codes.map((id, i) => [id, i]));
  const counts = codes.map(() => codes.map(() => 0));
  for (const doc of documents) {
    const codings = doc.codings
      .filter((c) => c.coder === layer && row.has(c.code))
      .map((c) => ({ at: row.get(c.code)!, start: c.start, end: c.end }))
      .sort((a, b) => a.start - b.start);
    let open: typeof codings = [];
    for (const c of codings) {
      counts[c.at]![c.at]!++;
      open = open.filter((o) => o.end > c.start);
      for (const o of open) {
        if (o.at === c.at) continue;
        counts[o.at]![c.at]!++;
        counts[c.at]![o.at]!++;
      }
      open.push(c);
    }
  }
  return { codes: [...codes], counts };
}
