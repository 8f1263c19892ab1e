/**
 * Repeated measurements for the benchmark tables. On a shared machine one run of each side says
 * little (independent runs of the relay section flipped which server was faster), so every
 * comparison runs each side several times, in alternating order after a warm-up, and reports the
 * median with its range; a ratio is the median of the ratios of runs made side by side, so a slow
 * moment hits both halves of a pair instead of one side's whole figure.
 */

/** Median and range of repeated measurements of one figure. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many measurements. */
  readonly n: number;
}

/** Median (mean of the middle two for an even count), minimum and maximum; throws on none. */
export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

/** The ratios a[i] / b[i] of measurements made in the same round, summarised. */
export function pairedRatio(a: readonly number[], b: readonly number[]): Spread {
  if (a.length !== b.length) throw new RangeError(`unpaired samples: ${a.length} against ${b.length}`);
  return spreadOf(a.map((x, i) => x / b[i]!));
}

/** How often to measure. */
export interface RepeatOptions {
  /** Measured rounds; every side runs once per round. Default 5. */
  rounds?: number;
  /** Rounds run first and thrown away (JIT, caches, page cache). Default 1. */
  warmups?: number;
}

/**
 * The default number of measured rounds: five, the least that gives a median and a range worth
 * printing; `BENCH_ROUNDS` changes it (fewer only for a quick look, never for published figures).
 */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * Runs every side once per round, the order rotating from round to round (for two sides: A B,
 * B A, A B, …), after `warmups` rounds whose results are dropped. Returns each side's results in
 * round order, so `results[s][r]` pairs with `results[t][r]`.
 */
export async function rotate<T>(
  sides: readonly (() => Promise<T>)[],
  options: RepeatOptions = {},
): Promise<T[][]> {
  const rounds = options.rounds ?? ROUNDS;
  const warmups = options.warmups ?? 1;
  const results = sides.map((): T[] => []);
  for (let r = -warmups; r < rounds; r++) {
    const shift = ((r % sides.length) + sides.length) % sides.length;
    for (let k = 0; k < sides.length; k++) {
      const s = (k + shift) % sides.length;
      const value = await sides[s]!();
      if (r >= 0) results[s]!.push(value);
    }
  }
  return results;
}

/** {@link rotate} for two sides. */
export async function alternate<A, B>(
  a: () => Promise<A>,
  b: () => Promise<B>,
  options: RepeatOptions = {},
): Promise<{ a: A[]; b: B[] }> {
  const [as, bs] = await rotate<A | B>([a, b], options);
  return { a: as as A[], b: bs as B[] };
}

/** Runs `measure` after `warmups` dropped runs, `rounds` times (one side; no comparison). */
export async function repeat<T>(measure: () => Promise<T> | T, options: RepeatOptions = {}): Promise<T[]> {
  const [results] = await rotate([async () => measure()], options);
  return results!;
}
