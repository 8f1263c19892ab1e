import { MISSING, type PatternTable } from './patterns.ts';
import type { Rng } from './rng.ts';

/** A percentile bootstrap interval, or why there is none. */
export type CiValue =
  | { readonly lower: number; readonly upper: number; readonly undefinedReplicates: number }
  | { readonly lower: null; readonly upper: null; readonly reason: string };

/**
 * Percentile interval (quantiles with linear interpolation, R's type 7) of the replicates in
 * which the statistic is defined; NaN marks an undefined replicate. Replicates where it is
 * undefined are counted, not silently dropped.
 */
export function percentileInterval(replicates: Float64Array, level: number): CiValue {
  const defined = replicates.filter((x) => !Number.isNaN(x)).sort();
  const undefinedReplicates = replicates.length - defined.length;
  if (defined.length < 2) {
    return {
      lower: null,
      upper: null,
      reason: 'the statistic is undefined in (almost) every bootstrap replicate',
    };
  }
  const quantile = (p: number): number => {
    const h = (defined.length - 1) * p;
    const lo = Math.floor(h);
    const a = defined[lo] ?? 0;
    const b = defined[Math.min(lo + 1, defined.length - 1)] ?? a;
    return a + (h - lo) * (b - a);
  };
  const tail = (1 - level) / 2;
  return { lower: quantile(tail), upper: quantile(1 - tail), undefinedReplicates };
}

/** Draws new pattern weights for a list of tables, one bootstrap replicate at a time. */
export interface Resampler {
  replicate(rng: Rng): Float64Array[];
}

/**
 * Resamples each table's pairable units (rated by ≥ 2 coders) with replacement, independently per
 * table: a multinomial draw over its patterns, exactly equivalent to drawing units one by one.
 */
export function unitResampler(tables: readonly PatternTable[]): Resampler {
  const spaces = tables.map((t) => {
    const pairable = t.patterns.map((values) => values.filter((v) => v !== MISSING).length >= 2);
    const weights = t.weights.map((w, i) => (pairable[i] ? w : 0));
    return { weights, n: weights.reduce((a, b) => a + b, 0) };
  });
  return {
    replicate(rng) {
      return spaces.map(({ weights, n }) => Float64Array.from(rng.multinomial(n, weights)));
    },
  };
}

/**
 * Resamples whole documents with replacement (a cluster bootstrap): a replicate's table is the sum
 * of the drawn documents' tables. `byDocument[d][t]` is document d's part of `tables[t]`.
 */
export function documentResampler(
  tables: readonly PatternTable[],
  byDocument: readonly (readonly PatternTable[])[],
): Resampler {
  const index = tables.map((t) => new Map(t.patterns.map((values, i) => [values.join(','), i])));
  // Per document and table: positions in the merged table and weights.
  const parts = byDocument.map((docTables) =>
    docTables.map((t, ti) => ({
      at: Int32Array.from(t.patterns.map((values) => index[ti]?.get(values.join(',')) ?? -1)),
      weights: Float64Array.from(t.weights),
    })),
  );
  const documents = byDocument.length;
  const equal = new Array<number>(documents).fill(1);
  return {
    replicate(rng) {
      const counts = rng.multinomial(documents, equal);
      const out = tables.map((t) => new Float64Array(t.patterns.length));
      counts.forEach((count, d) => {
        if (count === 0) return;
        parts[d]?.forEach((part, ti) => {
          const target = out[ti];
          if (!target) return;
          for (let k = 0; k < part.at.length; k++) {
            const at = part.at[k] ?? -1;
            if (at >= 0) target[at] = (target[at] ?? 0) + count * (part.weights[k] ?? 0);
          }
        });
      });
      return out;
    },
  };
}

/**
 * Runs `replicates` bootstrap replicates; `evaluate` maps a replicate's weights to a vector of
 * statistics (NaN where undefined). Returns one array of replicate values per statistic.
 */
export function bootstrapReplicates(
  resampler: Resampler,
  rng: Rng,
  replicates: number,
  evaluate: (weights: readonly Float64Array[]) => readonly number[],
): Float64Array[] {
  const columns: Float64Array[] = [];
  for (let r = 0; r < replicates; r++) {
    const values = evaluate(resampler.replicate(rng));
    values.forEach((v, i) => {
      let column = columns[i];
      if (!column) {
        column = new Float64Array(replicates);
        columns[i] = column;
      }
      column[r] = v;
    });
  }
  return columns;
}
