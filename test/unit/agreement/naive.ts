/**
 * Deliberately naive reference computations for the property tests: one value per code point,
 * direct enumeration of segment pairs. Slow and obviously right; never used by the engine.
 */
import type { AgreementInput } from '../../../shared/agreement/index.ts';
import { deriveSegments } from '../../../shared/agreement/segments.ts';
import type { Segmentation } from '../../../shared/agreement/options.ts';
import { codePointLength } from '../../../shared/model/codePoints.ts';

type Row = (number | null)[];

function lengthOf(d: AgreementInput['documents'][number]): number {
  return d.length ?? codePointLength(d.text ?? '');
}

function completedBy(input: AgreementInput, doc: string): Set<string> {
  return new Set(input.completed ? (input.completed[doc] ?? []) : input.coders);
}

/** covered[coder][code][x] for one document. */
function coverageGrid(input: AgreementInput, doc: string, length: number): boolean[][][] {
  return input.coders.map((coder) =>
    input.codes.map((code) => {
      const row = new Array<boolean>(length).fill(false);
      for (const c of input.codings) {
        if (c.document !== doc || c.coder !== coder || c.code !== code.id) continue;
        for (let x = c.start; x < c.end; x++) row[x] = true;
      }
      return row;
    }),
  );
}

/** One row per (document, code point) for `code`: 1 covered, 0 not, null missing coder. */
export function naiveCharacterRows(input: AgreementInput, code: number): Row[] {
  const rows: Row[] = [];
  for (const d of input.documents) {
    const length = lengthOf(d);
    const done = completedBy(input, d.id);
    const grid = coverageGrid(input, d.id, length);
    for (let x = 0; x < length; x++) {
      rows.push(input.coders.map((coder, i) => (done.has(coder) ? (grid[i]?.[code]?.[x] ? 1 : 0) : null)));
    }
  }
  return rows;
}

/** Per code point: the first group code (in group order) covering it, +1; 0 for none. */
export function naiveCharacterGroupRows(input: AgreementInput, groupCodes: readonly number[]): Row[] {
  const rows: Row[] = [];
  for (const d of input.documents) {
    const length = lengthOf(d);
    const done = completedBy(input, d.id);
    const grid = coverageGrid(input, d.id, length);
    for (let x = 0; x < length; x++) {
      rows.push(
        input.coders.map((coder, i) => {
          if (!done.has(coder)) return null;
          const at = groupCodes.findIndex((code) => grid[i]?.[code]?.[x]);
          return at + 1;
        }),
      );
    }
  }
  return rows;
}

function units(
  d: AgreementInput['documents'][number],
  segmentation: Segmentation,
): { start: number; end: number }[] {
  if (segmentation === 'given') return (d.units ?? []).map(([start, end]) => ({ start, end }));
  return deriveSegments(d.text ?? '', segmentation);
}

/** One row per segment for `code`, counting covered code points one by one. */
export function naiveSegmentRows(
  input: AgreementInput,
  code: number,
  segmentation: Segmentation,
  overlap: number | 'any',
): Row[] {
  const rows: Row[] = [];
  for (const d of input.documents) {
    const done = completedBy(input, d.id);
    const grid = coverageGrid(input, d.id, lengthOf(d));
    for (const u of units(d, segmentation)) {
      rows.push(
        input.coders.map((coder, i) => {
          if (!done.has(coder)) return null;
          let covered = 0;
          for (let x = u.start; x < u.end; x++) if (grid[i]?.[code]?.[x]) covered++;
          const size = u.end - u.start;
          return (overlap === 'any' ? covered > 0 : covered / size >= overlap) ? 1 : 0;
        }),
      );
    }
  }
  return rows;
}

interface Seg {
  begin: number;
  end: number;
  unit: boolean;
}

/** A coder's units (overlapping ones merged, adjacent ones kept) and the gaps around them. */
function segmentsOf(spans: { start: number; end: number }[], length: number): Seg[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const out: Seg[] = [];
  let pos = 0;
  for (const u of merged) {
    if (u.start > pos) out.push({ begin: pos, end: u.start, unit: false });
    out.push({ begin: u.start, end: u.end, unit: true });
    pos = u.end;
  }
  if (length > pos) out.push({ begin: pos, end: length, unit: false });
  return out;
}

/**
 * Krippendorff's (1995) D_o and D_e for one code on a single document, straight from the
 * definitions: every ordered coder pair, every pair of segments.
 */
export function naiveAlphaU(input: AgreementInput, code: string): { observed: number; expected: number } {
  const d = input.documents[0];
  if (!d) throw new Error('no document');
  const L = lengthOf(d);
  const m = input.coders.length;
  const segs = input.coders.map((coder) =>
    segmentsOf(
      input.codings.filter((c) => c.coder === coder && c.code === code),
      L,
    ),
  );
  let sum = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      for (const g of segs[i] ?? []) {
        for (const h of segs[j] ?? []) {
          const lg = g.end - g.begin;
          const lh = h.end - h.begin;
          const diff = g.begin - h.begin;
          if (g.unit && h.unit && -lg < diff && diff < lh) sum += diff ** 2 + (g.end - h.end) ** 2;
          else if (g.unit && !h.unit && h.begin <= g.begin && g.end <= h.end) sum += lg ** 2;
          else if (!g.unit && h.unit && g.begin <= h.begin && h.end <= g.end) sum += lh ** 2;
        }
      }
    }
  }
  const all = segs.flat();
  const unitsOnly = all.filter((s) => s.unit).map((s) => s.end - s.begin);
  const gaps = all.filter((s) => !s.unit).map((s) => s.end - s.begin);
  const N = unitsOnly.length;
  let e = 0;
  for (const l of unitsOnly) {
    e += ((N - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3;
    for (const g of gaps) if (g >= l) e += l * l * (g - l + 1);
  }
  const self = unitsOnly.reduce((a, l) => a + l * (l - 1), 0);
  return {
    observed: sum / (m * (m - 1) * L * L),
    expected: ((2 / L) * e) / (m * L * (m * L - 1) - self),
  };
}
