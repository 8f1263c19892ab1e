/** A half-open interval [start, end) of code points. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The empty list, shared (frozen) to spare allocations for the many code/coder pairs with none. */
export const NO_INTERVALS: readonly Interval[] = Object.freeze([]);

/** Sorted by start, then end; the input itself when it already is (it is never mutated). */
export function sortIntervals<T extends Interval>(intervals: readonly T[]): readonly T[] {
  // Live data usually arrives sorted; checking is much cheaper than sorting (and copying).
  for (let i = 1; i < intervals.length; i++) {
    const a = intervals[i - 1];
    const b = intervals[i];
    if (a && b && (a.start > b.start || (a.start === b.start && a.end > b.end))) {
      return intervals.length <= SMALL_SORT
        ? insertionSorted(intervals)
        : [...intervals].sort((x, y) => x.start - y.start || x.end - y.end);
    }
  }
  return intervals;
}

/**
 * Up to this many intervals, insertion sort beats the built-in sort with a comparator several
 * times (a coder's codings of one code in one document are usually a handful).
 */
const SMALL_SORT = 32;

/** A sorted copy by insertion (start, then end). */
function insertionSorted<T extends Interval>(intervals: readonly T[]): T[] {
  const out = intervals.slice();
  for (let i = 1; i < out.length; i++) {
    const v = out[i]!;
    let j = i - 1;
    while (j >= 0) {
      const w = out[j]!;
      if (w.start < v.start || (w.start === v.start && w.end <= v.end)) break;
      out[j + 1] = w;
      j -= 1;
    }
    out[j + 1] = v;
  }
  return out;
}

/**
 * Union of intervals, sorted. With `mergeTouching`, [0,5) and [5,8) become [0,8) (right for
 * coverage); without it only intervals sharing at least one code point merge, so adjacent units a
 * coder marked separately stay separate (right for unitizing, where a boundary is a judgement).
 * Empty intervals are dropped.
 */
export function unionIntervals(intervals: readonly Interval[], mergeTouching: boolean): readonly Interval[] {
  const only = intervals[0];
  if (intervals.length <= 1) return only && only.end > only.start ? [only] : NO_INTERVALS;
  const out: { start: number; end: number }[] = [];
  for (const iv of sortIntervals(intervals)) {
    if (iv.end <= iv.start) continue;
    const last = out[out.length - 1];
    if (last && (iv.start < last.end || (mergeTouching && iv.start === last.end))) {
      if (iv.end > last.end) last.end = iv.end;
    } else {
      out.push({ start: iv.start, end: iv.end });
    }
  }
  return out;
}

/** Merges touching neighbours of sorted, disjoint intervals ([0,5) and [5,8) become [0,8)). */
export function mergeTouching(disjointSorted: readonly Interval[]): readonly Interval[] {
  let touching = false;
  for (let i = 1; i < disjointSorted.length && !touching; i++) {
    touching = (disjointSorted[i]?.start ?? 0) <= (disjointSorted[i - 1]?.end ?? 0);
  }
  if (!touching) return disjointSorted;
  const out: { start: number; end: number }[] = [];
  for (const iv of disjointSorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ start: iv.start, end: iv.end });
  }
  return out;
}

/**
 * Covered length of sorted, disjoint `intervals` within [from, to), for many queries: prefix sums
 * plus binary search, so overlapping or unsorted query ranges are fine.
 */
export class Coverage {
  readonly #starts: number[];
  readonly #ends: number[];
  /** #before[i] = covered length of intervals 0…i−1. */
  readonly #before: number[];

  constructor(disjointSorted: readonly Interval[]) {
    this.#starts = disjointSorted.map((iv) => iv.start);
    this.#ends = disjointSorted.map((iv) => iv.end);
    this.#before = [0];
    let sum = 0;
    for (const iv of disjointSorted) {
      sum += iv.end - iv.start;
      this.#before.push(sum);
    }
  }

  /** Covered length in [0, x). */
  #upTo(x: number): number {
    let lo = 0;
    let hi = this.#starts.length;
    // Find the number of intervals starting before x.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#starts[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const i = lo - 1;
    return (this.#before[i] ?? 0) + Math.min(x, this.#ends[i] ?? 0) - (this.#starts[i] ?? 0);
  }

  /** Covered length in [from, to). */
  within(from: number, to: number): number {
    return to <= from ? 0 : this.#upTo(to) - this.#upTo(from);
  }
}
