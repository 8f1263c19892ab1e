import { pairContingency, coderPairs } from './contingency.ts';
import { cohensKappa } from './cohen.ts';
import { countRows, totalWeight, type CountRow } from './counts.ts';
import type { PatternTable } from './patterns.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

const NO_COMPLETE = 'no unit was rated by every coder';
const TOO_FEW_CODERS = 'needs at least two coders';
const NO_VARIATION = 'no variation: every rating is in one and the same category';

/** Mean over complete units of the share of agreeing coder pairs (Fleiss' P̄). */
function meanPairAgreement(rows: readonly CountRow[], m: number): number {
  let agreeing = 0;
  for (const r of rows) {
    let s = 0;
    for (const n of r.counts) s += n * (n - 1);
    agreeing += r.weight * s;
  }
  return agreeing / (totalWeight(rows) * m * (m - 1));
}

/** Category proportions p_j over complete units. */
function categoryShares(rows: readonly CountRow[], q: number, m: number): number[] {
  const totals = new Array<number>(q).fill(0);
  for (const r of rows) r.counts.forEach((n, j) => (totals[j] = (totals[j] ?? 0) + r.weight * n));
  const all = totalWeight(rows) * m;
  return totals.map((t) => t / all);
}

/** Fleiss' (1971) kappa and its per-category kappas, over the units rated by every coder. */
export interface FleissResult {
  readonly kappa: Stat;
  readonly perCategory: readonly Stat[];
  /** Units rated by every coder. */
  readonly n: number;
}

/**
 * Fleiss' (1971) kappa: P_i = (Σ_j n_ij² − m)/(m(m−1)), P̄ = mean P_i, p_j = Σ_i n_ij/(Nm),
 * P̄_e = Σ p_j², κ = (P̄ − P̄_e)/(1 − P̄_e); per category κ_j = 1 − Σ_i n_ij(m − n_ij)/(Nm(m−1)p_j q_j).
 */
export function fleissKappa(table: PatternTable): FleissResult {
  return fleissOf(countRows(table, true), table.coders, table.categories);
}

/** {@link fleissKappa} from already counted complete rows. */
export function fleissOf(rows: readonly CountRow[], m: number, q: number): FleissResult {
  if (m < 2) {
    return {
      kappa: undefinedStat(TOO_FEW_CODERS),
      perCategory: new Array(q).fill(undefinedStat(TOO_FEW_CODERS)),
      n: 0,
    };
  }
  const n = totalWeight(rows);
  if (n === 0)
    return {
      kappa: undefinedStat(NO_COMPLETE),
      perCategory: new Array(q).fill(undefinedStat(NO_COMPLETE)),
      n,
    };
  const pBar = meanPairAgreement(rows, m);
  const p = categoryShares(rows, q, m);
  const pe = p.reduce((s, x) => s + x * x, 0);
  const kappa = 1 - pe > 0 ? stat((pBar - pe) / (1 - pe)) : undefinedStat(NO_VARIATION);
  const perCategory = p.map((pj, j) => {
    const spread = pj * (1 - pj);
    if (!(spread > 0)) {
      return undefinedStat(pj === 0 ? 'category never used' : 'category used in every rating');
    }
    let disagreement = 0;
    for (const r of rows) {
      const nij = r.counts[j] ?? 0;
      disagreement += r.weight * nij * (m - nij);
    }
    return stat(1 - disagreement / (n * m * (m - 1) * spread));
  });
  return { kappa, perCategory, n };
}

/**
 * Randolph's (2005) free-marginal multirater kappa: (P̄ − 1/q)/(1 − 1/q) over the units rated by
 * every coder, q the number of declared categories.
 */
export function randolphKappa(table: PatternTable): Stat {
  const m = table.coders;
  const q = table.categories;
  if (m < 2) return undefinedStat(TOO_FEW_CODERS);
  if (q < 2) return undefinedStat('fewer than two categories');
  const rows = countRows(table, true);
  if (totalWeight(rows) === 0) return undefinedStat(NO_COMPLETE);
  const pBar = meanPairAgreement(rows, m);
  return stat((pBar - 1 / q) / (1 - 1 / q));
}

/**
 * Conger's (1980) multirater kappa, the Hubert (1977) / Davies–Fleiss (1982) form: P_o as in Fleiss,
 * P_e the mean over coder pairs of Σ_c p_ac p_bc with each coder's own marginals; units rated by
 * every coder.
 */
export function congerKappa(table: PatternTable, rows: readonly CountRow[] = countRows(table, true)): Stat {
  const m = table.coders;
  const q = table.categories;
  if (m < 2) return undefinedStat(TOO_FEW_CODERS);

  const n = totalWeight(rows);
  if (n === 0) return undefinedStat(NO_COMPLETE);
  const pBar = meanPairAgreement(rows, m);
  const marginals = Array.from({ length: m }, () => new Array<number>(q).fill(0));
  table.patterns.forEach((values, i) => {
    if (values.some((v) => v < 0)) return;
    values.forEach((v, coder) => {
      const row = marginals[coder];
      if (row) row[v] = (row[v] ?? 0) + (table.weights[i] ?? 0) / n;
    });
  });
  const pairs = coderPairs(m);
  let pe = 0;
  for (const [a, b] of pairs) {
    for (let c = 0; c < q; c++) pe += (marginals[a]?.[c] ?? 0) * (marginals[b]?.[c] ?? 0);
  }
  pe /= pairs.length;
  if (!(1 - pe > 0)) return undefinedStat(NO_VARIATION);
  return stat((pBar - pe) / (1 - pe));
}

/** Restricts a table to the units rated by every coder. */
export function completeUnits(table: PatternTable): PatternTable {
  const patterns: (readonly number[])[] = [];
  const weights: number[] = [];
  table.patterns.forEach((values, i) => {
    if (values.every((v) => v >= 0)) {
      patterns.push(values);
      weights.push(table.weights[i] ?? 0);
    }
  });
  return { coders: table.coders, categories: table.categories, patterns, weights };
}

/**
 * Light's (1971) kappa: the mean of Cohen's kappa over all coder pairs, on the units rated by every
 * coder; undefined if any pair's kappa is.
 */
export function lightKappa(table: PatternTable): Stat {
  if (table.coders < 2) return undefinedStat(TOO_FEW_CODERS);
  const complete = completeUnits(table);
  let sum = 0;
  const pairs = coderPairs(table.coders);
  for (const [a, b] of pairs) {
    const k = cohensKappa(pairContingency(complete, a, b));
    if (k.value === null) return k;
    sum += k.value;
  }
  return stat(sum / pairs.length);
}
