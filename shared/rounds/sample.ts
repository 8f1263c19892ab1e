/**
 * Reproducible document samples for reliability rounds. The same documents, options and seed give
 * the same sample on any machine: the algorithm below uses only integer arithmetic, string
 * comparison by UTF-16 code units and the project's seeded PRNG (`shared/agreement/rng.ts`). It is
 * written down for readers of a methods section in docs/rounds.md.
 *
 * 1. Eligible documents: those not excluded (already sampled in an earlier round, unless the caller
 *    asks to include them), sorted by id.
 * 2. Sample size n: `count` (at most the number eligible), or from `fraction` f of N eligible:
 *    round half up of f·N, and at least 1 when f > 0 and N > 0.
 * 3. Strata: the value of the attribute `stratifyBy` (a document without it is in the stratum
 *    named ""); without `stratifyBy`, one stratum. Strata are ordered by name.
 * 4. Allocation (largest remainder, Hamilton): stratum h of size N_h gets ⌊n·N_h/N⌋ documents; the
 *    ones left over go one each to the strata with the largest remainders (n·N_h mod N), ties to
 *    the stratum whose name sorts first.
 * 5. Selection: one generator seeded with `seed`; stratum by stratum in name order, the stratum's
 *    documents (in id order) are shuffled by Fisher–Yates (for i = len−1 … 1, j = int(i + 1),
 *    swap i and j) and the first k_h are taken.
 * The sample is returned in id order.
 */
import { attributeValue } from '../model/attributes.ts';
import { Rng } from '../agreement/rng.ts';

/** A document as sampling sees it. */
export interface SampleCandidate {
  id: string;
  attributes: Readonly<Record<string, string>>;
}

/** How many documents to draw: exactly one of `fraction` (0 < f ≤ 1) or `count` (≥ 1). */
export type SampleSize = { fraction: number; count?: undefined } | { count: number; fraction?: undefined };

export type SampleOptions = SampleSize & {
  /** Seed of the generator (an integer). */
  seed: number;
  /** Attribute whose values form strata with proportional allocation. */
  stratifyBy?: string | undefined;
  /** Document ids not to draw (those sampled in earlier rounds). */
  exclude?: ReadonlySet<string>;
};

/** One stratum's share of the sample. */
export interface StratumAllocation {
  /** The attribute value ("" for documents without it; "" for the single stratum unstratified). */
  stratum: string;
  /** Eligible documents in it. */
  size: number;
  /** Documents drawn from it. */
  drawn: number;
}

export interface Sample {
  /** Drawn document ids, in id order. */
  documents: string[];
  /** Eligible documents (N). */
  eligible: number;
  /** Per stratum, in name order. */
  strata: StratumAllocation[];
}

/** Compares strings by UTF-16 code units: the same order everywhere, unlike `localeCompare`. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sample size for `fraction` of `eligible` documents: round half up of f·N, at least 1 when f > 0.
 * f·N is formed in decimal-safe integer steps (f scaled by 10⁹), so 0.15 × 10 is 1.5 and rounds
 * up to 2 rather than to 1 as 1.4999999999999998 would.
 */
export function sizeOfFraction(fraction: number, eligible: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError('a sample fraction is in (0, 1]');
  if (eligible === 0) return 0;
  const scaled = Math.round(fraction * 1e9);
  const n = Math.floor((scaled * eligible + 5e8) / 1e9);
  return Math.min(eligible, Math.max(1, n));
}

/**
 * Largest-remainder (Hamilton) allocation of `n` over strata of the given sizes (in name order):
 * ⌊n·N_h/N⌋ each, then one more to each of the strata with the largest n·N_h mod N, ties to the
 * earlier stratum. Integers throughout.
 */
export function allocate(n: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n > total || n < 0) throw new RangeError('cannot draw more documents than there are');
  if (total === 0) return sizes.map(() => 0);
  const base = sizes.map((s) => Math.floor((n * s) / total));
  let left = n - base.reduce((a, b) => a + b, 0);
  const byRemainder = sizes
    .map((s, i) => ({ i, remainder: (n * s) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    base[i]!++;
    left--;
  }
  return base;
}

/** Shuffles in place by Fisher–Yates with the given generator. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** Draws a sample by the algorithm in this module's header. */
export function sampleDocuments(candidates: readonly SampleCandidate[], options: SampleOptions): Sample {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('a sample seed is an integer');
  const exclude = options.exclude ?? new Set<string>();
  const eligible = candidates.filter((c) => !exclude.has(c.id)).sort((a, b) => byCodeUnits(a.id, b.id));
  const N = eligible.length;
  let n: number;
  if (options.count !== undefined) {
    if (!(Number.isInteger(options.count) && options.count >= 1))
      throw new RangeError('a sample count is ≥ 1');
    n = Math.min(options.count, N);
  } else {
    n = sizeOfFraction(options.fraction, N);
  }
  const strata = new Map<string, string[]>();
  for (const c of eligible) {
    const key =
      options.stratifyBy === undefined ? '' : (attributeValue(c.attributes, options.stratifyBy) ?? '');
    const list = strata.get(key);
    if (list) list.push(c.id);
    else strata.set(key, [c.id]);
  }
  const names = [...strata.keys()].sort(byCodeUnits);
  const drawn = allocate(
    n,
    names.map((name) => strata.get(name)!.length),
  );
  const rng = new Rng(options.seed);
  const documents: string[] = [];
  names.forEach((name, h) => {
    const ids = shuffle([...strata.get(name)!], rng);
    documents.push(...ids.slice(0, drawn[h]));
  });
  return {
    documents: documents.sort(byCodeUnits),
    eligible: N,
    strata: names.map((stratum, h) => ({ stratum, size: strata.get(stratum)!.length, drawn: drawn[h]! })),
  };
}
