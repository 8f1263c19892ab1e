import { NO_INTERVALS as NONE, type Interval } from './intervals.ts';
import { sortInPlace } from './radix.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/**
 * Krippendorff's (1995; 2004 §12.4) alpha_u for unitizing one category, computed as DKPro
 * Statistics' `KrippendorffAlphaUnitizingAgreement` does. The computation is split so that each
 * document contributes additive sums and length lists; {@link alphaU} finishes it.
 */
export interface AlphaUPartial {
  /** Continuum length L of this piece. */
  readonly length: number;
  /**
   * Σ over ordered coder pairs (i ≠ j) of Σ δ² over their overlapping segments: (b_g − b_h)² +
   * (e_g − e_h)² for two overlapping units, ℓ² for a unit lying inside the other coder's gap.
   */
  readonly observedSum: number;
  /** Lengths of every coder's units of the category. */
  readonly unitLengths: readonly number[];
  /** Lengths of every coder's gaps between (and around) those units, within this piece. */
  readonly gapLengths: readonly number[];
}

/**
 * Σ ℓ² of the units in `xs` that no unit of `ys` overlaps (they lie inside one of its gaps).
 * Positions are integers, so squares by multiplication are exact (and much cheaper than `**`).
 */
function insideGaps(xs: readonly Interval[], ys: readonly Interval[]): number {
  let sum = 0;
  let j = 0;
  const n = ys.length;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const start = x.start;
    const end = x.end;
    while (j < n && ys[j]!.end <= start) j++;
    if (j === n || ys[j]!.start >= end) {
      const l = end - start;
      sum += l * l;
    }
  }
  return sum;
}

/** Σ δ² between two coders' sorted, disjoint units, counting each overlapping segment pair once. */
function pairDisagreement(a: readonly Interval[], b: readonly Interval[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  let sum = insideGaps(a, b) + insideGaps(b, a);
  let j = 0;
  const n = b.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const start = x.start;
    const end = x.end;
    while (j < n && b[j]!.end <= start) j++;
    for (let k = j; k < n; k++) {
      const y = b[k]!;
      if (y.start >= end) break;
      const ds = start - y.start;
      const de = end - y.end;
      sum += ds * ds + de * de;
    }
  }
  return sum;
}

/**
 * One piece of continuum: `unitsByCoder[i]` are coder i's units of the category, sorted and
 * disjoint (overlapping units of one coder must have been merged; adjacent ones stay separate).
 */
export function alphaUPartial(
  unitsByCoder: readonly (readonly Interval[])[],
  begin: number,
  length: number,
): AlphaUPartial {
  let observedSum = 0;
  const m = unitsByCoder.length;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      observedSum += 2 * pairDisagreement(unitsByCoder[i] ?? NONE, unitsByCoder[j] ?? NONE);
    }
  }
  // Each coder's unit lengths, and the gaps between and around its units within the piece.
  const unitLengths: number[] = [];
  const gapLengths: number[] = [];
  const end = begin + length;
  for (let i = 0; i < m; i++) {
    const units = unitsByCoder[i] ?? NONE;
    let pos = begin;
    for (let k = 0; k < units.length; k++) {
      const u = units[k]!;
      unitLengths.push(u.end - u.start);
      if (u.start > pos) gapLengths.push(u.start - pos);
      if (u.end > pos) pos = u.end;
    }
    if (end > pos) gapLengths.push(end - pos);
  }
  return { length, observedSum, unitLengths, gapLengths };
}

/** alpha_u with its observed and expected disagreement. */
export interface AlphaUResult {
  readonly alpha: Stat;
  readonly observed: number | null;
  readonly expected: number | null;
}

/**
 * Finishes alpha_u over pieces of continuum unitized by the same `coders` coders. Pieces are
 * concatenated (L = Σ lengths), but a gap never extends across a piece boundary, so a document
 * boundary is never treated as room where a unit could have been placed.
 *
 * D_o = Σ δ² / (m(m − 1)L²);
 * D_e = (2/L) Σ_g [(N_c − 1)(2ℓ_g³ − 3ℓ_g² + ℓ_g)/3 + ℓ_g² Σ_{gaps γ ≥ ℓ_g} (γ − ℓ_g + 1)]
 *       / (mL(mL − 1) − Σ_g ℓ_g(ℓ_g − 1)).
 */
export function alphaU(pieces: readonly AlphaUPartial[], coders: number): AlphaUResult {
  let length = 0;
  let observedSum = 0;
  let unitCount = 0;
  for (const p of pieces) {
    length += p.length;
    observedSum += p.observedSum;
    unitCount += p.unitLengths.length;
  }
  if (coders < 2)
    return { alpha: undefinedStat('needs at least two coders'), observed: null, expected: null };
  if (length === 0) {
    return { alpha: undefinedStat('no continuum unitized by every coder'), observed: null, expected: null };
  }
  let gapCount = 0;
  for (const p of pieces) gapCount += p.gapLengths.length;
  const unitList = new Float64Array(unitCount);
  const gapList = new Float64Array(gapCount);
  let u = 0;
  let g = 0;
  for (const p of pieces) {
    for (const l of p.unitLengths) unitList[u++] = l;
    for (const x of p.gapLengths) gapList[g++] = x;
  }
  // Both sorted ascending, then one merge-like walk: units of length ℓ pair with every gap γ ≥ ℓ.
  const units = sortInPlace(unitList);
  const gaps = sortInPlace(gapList);
  let gi = 0;
  let gapsAtLeast = gaps.length;
  let gapSumAtLeast = 0;
  for (const g of gaps) gapSumAtLeast += g;
  let expectedSum = 0;
  let selfPairs = 0;
  for (const l of units) {
    while (gi < gaps.length && (gaps[gi] ?? 0) < l) {
      gapSumAtLeast -= gaps[gi] ?? 0;
      gapsAtLeast -= 1;
      gi += 1;
    }
    expectedSum += ((unitCount - 1) * (2 * l * l * l - 3 * l * l + l)) / 3;
    expectedSum += l * l * (gapSumAtLeast - gapsAtLeast * (l - 1));
    selfPairs += l * (l - 1);
  }
  const observed = observedSum / (coders * (coders - 1) * length * length);
  const denominator = coders * length * (coders * length - 1) - selfPairs;
  const expected = denominator > 0 ? ((2 / length) * expectedSum) / denominator : 0;
  if (unitCount === 0) {
    return { alpha: undefinedStat('no coder marked a unit of this code'), observed, expected };
  }
  if (!(expected > 0)) {
    return { alpha: undefinedStat('no variation: expected disagreement is 0'), observed, expected };
  }
  return { alpha: stat(1 - observed / expected), observed, expected };
}

/**
 * Overall alpha_u across categories: 1 − ΣD_o/ΣD_e (equivalently DKPro's mean D_o over mean D_e),
 * over the categories where both are defined.
 */
export function overallAlphaU(results: readonly AlphaUResult[]): Stat {
  let observed = 0;
  let expected = 0;
  for (const r of results) {
    if (r.observed === null || r.expected === null || r.alpha.value === null) continue;
    observed += r.observed;
    expected += r.expected;
  }
  if (!(expected > 0)) return undefinedStat('no code has a defined alpha_u');
  return stat(1 - observed / expected);
}
