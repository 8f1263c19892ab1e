import { stat, undefinedStat, type Stat } from './stat.ts';

/**
 * The 2016/2019 unitizing family of Krippendorff, Mathet, Bouvry & Widlöcher (2016, Quality &
 * Quantity 50:2347) and Krippendorff (2019, Content Analysis 4th ed. §12.6): uα (units and their
 * values), |uα (unitizing only: valued vs. blank) and cuα (coding of the matter all coders
 * identified as units). They need each coder's segments to partition the continuum: segments of
 * one coder may touch but not overlap; the uncovered stretches are blank (φ).
 */

/** A valued segment of one coder: [start, end) with value index 0…q−1. */
export interface ValuedSegment {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/**
 * Additive sums of one piece of continuum, for q values plus φ (index q in `matrix`).
 * `matrix` holds Σ over ordered coder pairs of intersection lengths, not yet divided by m − 1.
 */
export interface FamilyPartial {
  readonly values: number;
  readonly matrix: readonly number[];
  /** Σ of blank lengths: a blank stretch counts as many single-point units (self-pairing ℓ). */
  readonly blank: number;
  /** Σ ℓ² of each value's segments (self-pairing correction of uα). */
  readonly squares: readonly number[];
  /**
   * Σ μ² of each value's segments, μ the segment's mass in the valued sub-matrix: its overlap with
   * other coders' valued segments divided by m − 1 (self-pairing correction of cuα).
   */
  readonly mass: readonly number[];
}

/** Where one coder's segments overlap, making the family not applicable. */
export interface PartitionViolation {
  readonly coder: number;
  readonly first: ValuedSegment;
  readonly second: ValuedSegment;
}

/** First overlap among a coder's segments (sorted by start), or null if they partition. */
export function findOverlap(segments: readonly ValuedSegment[]): [ValuedSegment, ValuedSegment] | null {
  let reach: ValuedSegment | undefined;
  for (const s of segments) {
    if (reach && s.start < reach.end) return [reach, s];
    if (!reach || s.end > reach.end) reach = s;
  }
  return null;
}

interface Piece {
  readonly start: number;
  readonly end: number;
  /** Value index, or `values` for φ. */
  readonly value: number;
  /** Index of the segment within the coder's list, −1 for blanks. */
  readonly segment: number;
}

function partition(segments: readonly ValuedSegment[], begin: number, end: number, blank: number): Piece[] {
  const out: Piece[] = [];
  let pos = begin;
  segments.forEach((s, i) => {
    if (s.start > pos) out.push({ start: pos, end: s.start, value: blank, segment: -1 });
    out.push({ start: s.start, end: s.end, value: s.value, segment: i });
    pos = s.end;
  });
  if (end > pos) out.push({ start: pos, end, value: blank, segment: -1 });
  return out;
}

/**
 * Sums of one piece of continuum [begin, begin + length) for m coders. Each coder's segments must
 * be sorted and non-overlapping (check with {@link findOverlap} first).
 */
export function familyPartial(
  segmentsByCoder: readonly (readonly ValuedSegment[])[],
  values: number,
  begin: number,
  length: number,
): FamilyPartial {
  const m = segmentsByCoder.length;
  const size = values + 1;
  const matrix = new Array<number>(size * size).fill(0);
  const squares = new Array<number>(values).fill(0);
  const mass = new Array<number>(values).fill(0);
  let blank = 0;
  const pieces = segmentsByCoder.map((segs) => partition(segs, begin, begin + length, values));
  const overlapBySegment = segmentsByCoder.map((segs) => new Array<number>(segs.length).fill(0));
  for (const [i, segs] of segmentsByCoder.entries()) {
    for (const s of segs) squares[s.value] = (squares[s.value] ?? 0) + (s.end - s.start) ** 2;
    for (const p of pieces[i] ?? []) if (p.segment < 0) blank += p.end - p.start;
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const a = pieces[i] ?? [];
      const b = pieces[j] ?? [];
      let x = 0;
      let y = 0;
      while (x < a.length && y < b.length) {
        const pa = a[x];
        const pb = b[y];
        if (!pa || !pb) break;
        const len = Math.min(pa.end, pb.end) - Math.max(pa.start, pb.start);
        if (len > 0) {
          matrix[pa.value * size + pb.value] = (matrix[pa.value * size + pb.value] ?? 0) + len;
          matrix[pb.value * size + pa.value] = (matrix[pb.value * size + pa.value] ?? 0) + len;
          if (pa.segment >= 0 && pb.segment >= 0) {
            const oa = overlapBySegment[i];
            const ob = overlapBySegment[j];
            if (oa) oa[pa.segment] = (oa[pa.segment] ?? 0) + len;
            if (ob) ob[pb.segment] = (ob[pb.segment] ?? 0) + len;
          }
        }
        if (pa.end <= pb.end) x++;
        else y++;
      }
    }
  }
  if (m > 1) {
    segmentsByCoder.forEach((segs, i) =>
      segs.forEach((s, g) => {
        const mu = (overlapBySegment[i]?.[g] ?? 0) / (m - 1);
        mass[s.value] = (mass[s.value] ?? 0) + mu * mu;
      }),
    );
  }
  return { values, matrix, blank, squares, mass };
}

/** Sums partials of the same shape. */
export function addFamilyPartials(values: number, partials: readonly FamilyPartial[]): FamilyPartial {
  const size = values + 1;
  const matrix = new Array<number>(size * size).fill(0);
  const squares = new Array<number>(values).fill(0);
  const mass = new Array<number>(values).fill(0);
  let blank = 0;
  for (const p of partials) {
    p.matrix.forEach((x, i) => (matrix[i] = (matrix[i] ?? 0) + x));
    p.squares.forEach((x, i) => (squares[i] = (squares[i] ?? 0) + x));
    p.mass.forEach((x, i) => (mass[i] = (mass[i] ?? 0) + x));
    blank += p.blank;
  }
  return { values, matrix, blank, squares, mass };
}

/**
 * Nominal alpha of a length-weighted coincidence matrix ℓ with self-pairing corrections s_c:
 * ε_cc = ℓ..(ℓ_c.² − s_c)/(ℓ..² − Σ s), α = 1 − (ℓ.. − Σ ℓ_cc)/(ℓ.. − Σ ε_cc).
 */
function unitizedAlpha(matrix: readonly (readonly number[])[], corrections: readonly number[]): Stat {
  const rows = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const total = rows.reduce((a, b) => a + b, 0);
  const correction = corrections.reduce((a, b) => a + b, 0);
  const denominator = total * total - correction;
  if (!(total > 0) || !(denominator > 0)) return undefinedStat('no pairable matter');
  let observedAgreement = 0;
  let expectedAgreement = 0;
  rows.forEach((r, c) => {
    observedAgreement += matrix[c]?.[c] ?? 0;
    expectedAgreement += (total * (r * r - (corrections[c] ?? 0))) / denominator;
  });
  const expected = total - expectedAgreement;
  if (!(expected > 0)) return undefinedStat('no variation: expected disagreement is 0');
  return stat(1 - (total - observedAgreement) / expected);
}

/** uα, |uα and cuα. */
export interface FamilyResult {
  readonly uAlpha: Stat;
  readonly uAlphaBinary: Stat;
  readonly cuAlpha: Stat;
}

/** Finishes the family for m coders from summed partials. */
export function familyAlphas(sum: FamilyPartial, coders: number): FamilyResult {
  if (coders < 2) {
    const s = undefinedStat('needs at least two coders');
    return { uAlpha: s, uAlphaBinary: s, cuAlpha: s };
  }
  const q = sum.values;
  const size = q + 1;
  const ell = Array.from({ length: size }, (_, c) =>
    Array.from({ length: size }, (_, k) => (sum.matrix[c * size + k] ?? 0) / (coders - 1)),
  );
  const uAlpha = unitizedAlpha(ell, [...sum.squares, sum.blank]);
  let valued = 0;
  let valuedBlank = 0;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) valued += ell[c]?.[k] ?? 0;
    valuedBlank += ell[c]?.[q] ?? 0;
  }
  const binary = [
    [valued, valuedBlank],
    [valuedBlank, ell[q]?.[q] ?? 0],
  ];
  const uAlphaBinary = unitizedAlpha(binary, [sum.squares.reduce((a, b) => a + b, 0), sum.blank]);
  const valuedOnly = ell.slice(0, q).map((r) => r.slice(0, q));
  const cuAlpha =
    valued > 0
      ? unitizedAlpha(valuedOnly, sum.mass)
      : undefinedStat('no matter was identified as a unit by two coders');
  return { uAlpha, uAlphaBinary, cuAlpha };
}
