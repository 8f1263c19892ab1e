import { countRows, type CountRow } from './counts.ts';
import type { PatternTable } from './patterns.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/** Krippendorff's coincidence matrix o_ck and its marginals. */
export interface Coincidences {
  readonly matrix: readonly (readonly number[])[];
  /** n_c = Σ_k o_ck. */
  readonly totals: readonly number[];
  /** n = Σ_c n_c, the number of pairable values. */
  readonly n: number;
}

/**
 * Coincidence matrix: in a unit with m_u ≥ 2 values, each ordered pair of values from different
 * coders adds 1/(m_u − 1) to o_ck. Units with fewer than two values are not pairable.
 */
export function coincidences(table: PatternTable): Coincidences {
  return coincidencesOf(countRows(table, false), table.categories);
}

/** {@link coincidences} from already counted pairable rows. */
export function coincidencesOf(rows: readonly CountRow[], q: number): Coincidences {
  const matrix = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  for (const row of rows) {
    const scale = row.weight / (row.raters - 1);
    row.counts.forEach((nc, c) => {
      if (nc === 0) return;
      const target = matrix[c];
      if (!target) return;
      row.counts.forEach((nk, k) => {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs > 0) target[k] = (target[k] ?? 0) + pairs * scale;
      });
    });
  }
  const totals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  return { matrix, totals, n: totals.reduce((a, b) => a + b, 0) };
}

/** Difference functions of Krippendorff (2004, §11.4). */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Squared difference δ²_ck for a metric. `values` are the categories' numeric values (interval,
 * ratio); the ordinal metric uses category order and the marginals n_g.
 */
export function metricDistance(
  metric: AlphaMetric,
  totals: readonly number[],
  values: readonly number[],
): (c: number, k: number) => number {
  switch (metric) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'ordinal':
      return (c, k) => {
        if (c === k) return 0;
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let between = 0;
        for (let g = lo; g <= hi; g++) between += totals[g] ?? 0;
        return (between - ((totals[c] ?? 0) + (totals[k] ?? 0)) / 2) ** 2;
      };
    case 'interval':
      return (c, k) => ((values[c] ?? 0) - (values[k] ?? 0)) ** 2;
    case 'ratio':
      return (c, k) => {
        const sum = (values[c] ?? 0) + (values[k] ?? 0);
        return sum === 0 ? 0 : (((values[c] ?? 0) - (values[k] ?? 0)) / sum) ** 2;
      };
  }
}

/** Observed and expected disagreement of alpha, on the coincidence scale. */
export interface AlphaResult {
  readonly alpha: Stat;
  /** D_o = Σ o_ck δ_ck / n. */
  readonly observed: number;
  /** D_e = Σ n_c n_k δ_ck / (n(n − 1)). */
  readonly expected: number;
  /** Pairable values. */
  readonly n: number;
}

/**
 * Krippendorff's alpha from a coincidence matrix: α = 1 − (n − 1) Σ o_ck δ_ck / Σ n_c n_k δ_ck.
 */
export function alphaFromCoincidences(
  co: Coincidences,
  metric: AlphaMetric = 'nominal',
  values: readonly number[] = [],
): AlphaResult {
  const { matrix, totals, n } = co;
  if (!(n > 1)) {
    return { alpha: undefinedStat('fewer than two pairable values'), observed: 0, expected: 0, n };
  }
  const delta = metricDistance(metric, totals, values);
  let observed = 0;
  let expected = 0;
  matrix.forEach((row, c) =>
    row.forEach((o, k) => {
      const d = delta(c, k);
      if (d === 0) return;
      observed += o * d;
      expected += (totals[c] ?? 0) * (totals[k] ?? 0) * d;
    }),
  );
  const result = { observed: observed / n, expected: expected / (n * (n - 1)), n };
  if (!(expected > 0)) {
    return { ...result, alpha: undefinedStat('no variation: all pairable values are the same') };
  }
  return { ...result, alpha: stat(1 - ((n - 1) * observed) / expected) };
}

/** Krippendorff's alpha of reliability data with missing values. */
export function krippendorffAlpha(
  table: PatternTable,
  metric: AlphaMetric = 'nominal',
  values: readonly number[] = [],
): AlphaResult {
  return alphaFromCoincidences(coincidences(table), metric, values);
}
