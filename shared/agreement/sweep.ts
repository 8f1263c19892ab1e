import type { Coverage, Interval } from './intervals.ts';
import { MISSING, PatternTableBuilder, type PatternTable } from './patterns.ts';
import { sortedNumbers, sortInPlace } from './radix.ts';

/**
 * Boundary sweeps. A coder's coverage by a code is piecewise constant, so a document is never
 * expanded to one cell per code point: the sorted boundaries are walked once and each stretch adds
 * its length to the weight of its rating pattern.
 */

/** Stretches [start, end) with a category ≥ 1 (0, "none", is implicit between them). */
export interface CategoryPiece extends Interval {
  readonly category: number;
}

/**
 * Rating patterns of one present/absent code with every code point a unit. `coverage[i]` is
 * coder i's sorted, disjoint coverage, or null if coder i did not complete the document.
 */
export function characterPatterns(
  coverage: readonly (readonly Interval[] | null)[],
  length: number,
): PatternTable {
  const m = coverage.length;
  // Boundary events encoded as one sortable number: position, then coder.
  let count = 0;
  for (const c of coverage) count += c ? 2 * c.length : 0;
  const events = new Float64Array(count);
  let k = 0;
  for (let coder = 0; coder < m; coder++) {
    const intervals = coverage[coder];
    if (!intervals) continue;
    for (const iv of intervals) {
      events[k++] = iv.start * m + coder;
      events[k++] = iv.end * m + coder;
    }
  }
  sortInPlace(events);
  // Pattern key: Σ 2^i over covering coders; present coders are fixed for the document. Few
  // coders: weights in a flat array indexed by that key; many: a map.
  const flat = m <= 12 ? new Float64Array(2 ** m) : null;
  const map = new Map<number, number>();
  const on = new Uint8Array(m);
  let key = 0;
  let pos = 0;
  for (let e = 0; e < events.length; e++) {
    const event = events[e] ?? 0;
    const at = Math.floor(event / m);
    const coder = event - at * m;
    if (at > pos) {
      if (flat) flat[key] = (flat[key] ?? 0) + (at - pos);
      else map.set(key, (map.get(key) ?? 0) + (at - pos));
      pos = at;
    }
    on[coder] = on[coder] ? 0 : 1;
    key += on[coder] ? 2 ** coder : -(2 ** coder);
  }
  if (length > pos) {
    if (flat) flat[key] = (flat[key] ?? 0) + (length - pos);
    else map.set(key, (map.get(key) ?? 0) + (length - pos));
  }
  // The masks are distinct patterns already: emit the table without a builder.
  const masks: number[] = [];
  const weights: number[] = [];
  if (flat) {
    for (let mask = 0; mask < flat.length; mask++) {
      const w = flat[mask] ?? 0;
      if (w !== 0) {
        masks.push(mask);
        weights.push(w);
      }
    }
  } else {
    for (const [mask, w] of map) {
      masks.push(mask);
      weights.push(w);
    }
  }
  const patterns: number[][] = [];
  const keys: number[] = [];
  for (const mask of masks) {
    const values = new Array<number>(m);
    let patternKey = 0;
    for (let i = 0; i < m; i++) {
      const v = coverage[i] ? Math.floor(mask / 2 ** i) % 2 : MISSING;
      values[i] = v;
      patternKey = patternKey * 3 + (v + 1);
    }
    patterns.push(values);
    keys.push(patternKey);
  }
  return {
    coders: m,
    categories: 2,
    patterns,
    weights,
    keys: 3 ** m <= Number.MAX_SAFE_INTEGER ? keys : undefined,
  };
}

/**
 * Splits one coder's coverage by the codes of an exclusive group into category pieces. Where
 * several of the group's codes overlap, the first in group order wins; the overlapping length is
 * returned as `conflicts`.
 */
export function categoryPieces(coverageByCode: readonly (readonly Interval[])[]): {
  pieces: CategoryPiece[];
  conflicts: number;
} {
  const q = coverageByCode.length;
  const events: number[] = [];
  coverageByCode.forEach((intervals, code) => {
    for (const iv of intervals) events.push(iv.start * 2 * q + 2 * code + 1, iv.end * 2 * q + 2 * code);
  });
  const sortedEvents = sortedNumbers(events);
  const active = new Uint32Array(q);
  const pieces: CategoryPiece[] = [];
  let conflicts = 0;
  let pos = 0;
  const current = (): { category: number; count: number } => {
    let category = 0;
    let count = 0;
    for (let c = 0; c < q; c++) {
      if (!active[c]) continue;
      if (category === 0) category = c + 1;
      count += 1;
    }
    return { category, count };
  };
  for (const e of sortedEvents) {
    const at = Math.floor(e / (2 * q));
    const rest = e - at * 2 * q;
    if (at > pos) {
      const { category, count } = current();
      if (category > 0) {
        const last = pieces[pieces.length - 1];
        if (last && last.end === pos && last.category === category)
          pieces[pieces.length - 1] = { ...last, end: at };
        else pieces.push({ start: pos, end: at, category });
        if (count > 1) conflicts += at - pos;
      }
      pos = at;
    }
    const code = rest >> 1;
    active[code] = (active[code] ?? 0) + ((rest & 1) === 1 ? 1 : -1);
  }
  return { pieces, conflicts };
}

/**
 * Rating patterns of a multi-category variable with every code point a unit: category 0 where a
 * coder applied none of the group's codes. `pieces[i]` is null if coder i is missing.
 */
export function characterCategoryPatterns(
  pieces: readonly (readonly CategoryPiece[] | null)[],
  categories: number,
  length: number,
): PatternTable {
  const m = pieces.length;
  // Ends sort before starts at the same position so touching pieces hand over cleanly.
  const events: number[] = [];
  pieces.forEach((list, coder) => {
    if (!list) return;
    for (const p of list) events.push(p.start * 2 * m + 2 * coder + 1, p.end * 2 * m + 2 * coder);
  });
  const sortedEvents = sortedNumbers(events);
  const state: number[] = pieces.map((list) => (list ? 0 : MISSING));
  const category = pieces.map(() => [] as number[]);
  pieces.forEach((list, coder) => list?.forEach((p) => category[coder]?.push(p.category)));
  const cursor = new Array<number>(m).fill(0);
  const builder = new PatternTableBuilder(m, categories);
  let pos = 0;
  for (const e of sortedEvents) {
    const at = Math.floor(e / (2 * m));
    const rest = e - at * 2 * m;
    if (at > pos) {
      builder.add(state, at - pos);
      pos = at;
    }
    const coder = rest >> 1;
    if ((rest & 1) === 1) {
      state[coder] = category[coder]?.[cursor[coder] ?? 0] ?? 0;
      cursor[coder] = (cursor[coder] ?? 0) + 1;
    } else {
      state[coder] = 0;
    }
  }
  if (length > pos) builder.add(state, length - pos);
  return builder.build();
}

/** Decides whether a coverage of `covered` code points applies a code to a unit of `size`. */
export function applies(covered: number, size: number, overlap: number | 'any'): boolean {
  if (overlap === 'any' || overlap === 0) return covered > 0;
  // covered/size and θ round to the same double when they are the same fraction, unlike θ·size.
  return size > 0 && covered / size >= overlap;
}

/**
 * Rating patterns of one present/absent code over explicit units (segments): coder k applied the
 * code to unit u if k's coverage of u passes {@link applies}.
 */
export function segmentPatterns(
  coverage: readonly (Coverage | null)[],
  units: readonly Interval[],
  overlap: number | 'any',
): PatternTable {
  const m = coverage.length;
  const builder = new PatternTableBuilder(m, 2);
  const values = new Array<number>(m);
  for (const u of units) {
    for (let i = 0; i < m; i++) {
      const cov = coverage[i];
      values[i] = cov ? (applies(cov.within(u.start, u.end), u.end - u.start, overlap) ? 1 : 0) : MISSING;
    }
    builder.add(values, 1);
  }
  return builder.build();
}

/**
 * Rating patterns of an exclusive group over explicit units. Each coder's category is the group
 * code that passes the threshold with the largest coverage (ties: first in group order), or 0.
 * Units where a coder had more than one passing code are counted as `conflicts`.
 */
export function segmentCategoryPatterns(
  coverage: readonly (readonly Coverage[] | null)[],
  units: readonly Interval[],
  overlap: number | 'any',
): { table: PatternTable; conflicts: number } {
  const m = coverage.length;
  const q = coverage.find((c) => c)?.length ?? 0;
  const builder = new PatternTableBuilder(m, q + 1);
  const values = new Array<number>(m);
  let conflicts = 0;
  for (const u of units) {
    for (let i = 0; i < m; i++) {
      const byCode = coverage[i];
      if (!byCode) {
        values[i] = MISSING;
        continue;
      }
      let best = 0;
      let bestCovered = 0;
      let passing = 0;
      byCode.forEach((cov, code) => {
        const covered = cov.within(u.start, u.end);
        if (!applies(covered, u.end - u.start, overlap)) return;
        passing += 1;
        if (covered > bestCovered) {
          best = code + 1;
          bestCovered = covered;
        }
      });
      if (passing > 1) conflicts += 1;
      values[i] = best;
    }
    builder.add(values, 1);
  }
  return { table: builder.build(), conflicts };
}

/** Largest pattern space (3^coders) for which a document's codes are swept together. */
const JOINT_SWEEP_SPACE = 3 ** 7;

/** A coding reduced to indices, as {@link characterPatternsAllCodes} consumes it. */
export interface IndexedCoding {
  readonly coder: number;
  readonly code: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Present/absent rating patterns of every code with every code point a unit, in one sweep over
 * the document: all codings' boundaries are sorted once, and each code's pattern weight is
 * brought up to date only when one of its own boundaries passes. Overlapping codings of one coder
 * and code are handled by counting depth, so no unions are needed. Returns null when the pattern
 * space is too large (many coders); use {@link characterPatterns} per code then.
 *
 * With `unions`, the same walk also yields the units unitizing needs, at no extra sort:
 * `unions[code · m + coder]` receives that coder's codings of that code with overlapping ones
 * merged and touching ones kept apart (ends sort before starts at one position), as
 * `unionIntervals(list, false)` gives them; slots without codings stay undefined.
 */
export function characterPatternsAllCodes(
  codings: readonly IndexedCoding[],
  present: readonly boolean[],
  codes: number,
  length: number,
  unions?: (Interval[] | undefined)[],
): PatternTable[] | null {
  const m = present.length;
  const size = 3 ** m;
  const slots = codes * m;
  // Events are packed into int32 arithmetic; larger documents and codebooks take the per-code path.
  if (size > JOINT_SWEEP_SPACE || (length + 1) * slots * 2 >= 2 ** 31) return null;
  let presentBits = 0;
  for (let i = 0; i < m; i++) if (present[i]) presentBits |= 1 << i;
  // Pattern key (base 3, first coder most significant: missing 0, absent 1, present 2) of each
  // set of covering coders, for this document's present coders.
  const keyOfMask = new Int32Array(1 << m);
  for (let mask = 0; mask < keyOfMask.length; mask++) {
    let key = 0;
    for (let i = 0; i < m; i++) key = key * 3 + (present[i] ? 1 + ((mask >> i) & 1) : 0);
    keyOfMask[mask] = key;
  }
  const events = new Float64Array(2 * codings.length);
  let k = 0;
  for (const c of codings) {
    const slot = c.code * m + c.coder;
    events[k++] = (c.start * slots + slot) * 2 + 1;
    events[k++] = (c.end * slots + slot) * 2;
  }
  sortInPlace(events);
  const depth = new Int32Array(slots);
  const opened = unions ? new Float64Array(slots) : null;
  const mask = new Int32Array(codes);
  const since = new Float64Array(codes);
  const weights = new Float64Array(codes * size);
  for (let e = 0; e < events.length; e++) {
    const event = (events[e] ?? 0) | 0;
    const rest = event >>> 1;
    const at = (rest / slots) | 0;
    const slot = rest - at * slots;
    const code = (slot / m) | 0;
    const coder = slot - code * m;
    const from = since[code] ?? 0;
    if (at > from) {
      const w = code * size + (keyOfMask[mask[code] ?? 0] ?? 0);
      weights[w] = (weights[w] ?? 0) + (at - from);
      since[code] = at;
    }
    const before = depth[slot] ?? 0;
    const after = before + ((event & 1) === 1 ? 1 : -1);
    depth[slot] = after;
    if (before === 0 && after > 0) {
      mask[code] = (mask[code] ?? 0) | (1 << coder);
      if (opened) opened[slot] = at;
    } else if (before > 0 && after === 0) {
      mask[code] = (mask[code] ?? 0) & ~(1 << coder);
      if (unions && opened) (unions[slot] ??= []).push({ start: opened[slot] ?? 0, end: at });
    }
  }
  // Pattern arrays are shared by this document's tables (nothing mutates them).
  const valuesOf: (number[] | undefined)[] = [];
  const tables: PatternTable[] = [];
  for (let code = 0; code < codes; code++) {
    const rest = length - (since[code] ?? 0);
    if (rest > 0) {
      const w = code * size + (keyOfMask[mask[code] ?? 0] ?? 0);
      weights[w] = (weights[w] ?? 0) + rest;
    }
    const patterns: number[][] = [];
    const ws: number[] = [];
    const keys: number[] = [];
    for (let bits = 0; bits < keyOfMask.length; bits++) {
      // Masks naming a missing coder alias a present-only mask's key; visit each key once.
      if ((bits & presentBits) !== bits) continue;
      const key = keyOfMask[bits] ?? 0;
      const w = weights[code * size + key] ?? 0;
      if (w === 0) continue;
      let values = valuesOf[bits];
      if (!values) {
        values = new Array<number>(m);
        for (let i = 0; i < m; i++) values[i] = present[i] ? (bits >> i) & 1 : MISSING;
        valuesOf[bits] = values;
      }
      patterns.push(values);
      ws.push(w);
      keys.push(key);
    }
    tables.push({ coders: m, categories: 2, patterns, weights: ws, keys });
  }
  return tables;
}
