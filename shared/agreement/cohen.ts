import { margins, type Contingency } from './contingency.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/** Observed and chance agreement of one coder pair, the ingredients of kappa-type measures. */
export interface AgreementTerms {
  /** Units both coders rated. */
  readonly n: number;
  /** Observed proportion of agreement P_o. */
  readonly po: number;
  /** Chance agreement P_e from the two coders' own marginals (Cohen). */
  readonly pe: number;
}

const NO_PAIRS = 'no unit was rated by both coders';
const NO_VARIATION = 'no variation: both coders used one and the same category on every unit (P_e = 1)';

/** P_o and Cohen's P_e of a contingency table, or `null` when it is empty. */
export function agreementTerms(table: Contingency): AgreementTerms | null {
  const { rows, cols, n, diagonal } = margins(table);
  if (n === 0) return null;
  let rs = 0;
  rows.forEach((r, c) => (rs += r * (cols[c] ?? 0)));
  return { n, po: diagonal / n, pe: rs / (n * n) };
}

/** Percent agreement of two coders: the share of units both rated on which they agree. */
export function pairPercentAgreement(table: Contingency): Stat {
  const { n, diagonal } = margins(table);
  return n === 0 ? undefinedStat(NO_PAIRS) : stat(diagonal / n);
}

/**
 * Cohen's (1960) kappa: (P_o − P_e)/(1 − P_e) with P_e = Σ_c p_c· p_·c. Computed from counts as
 * (n·Σt_cc − Σ r_c s_c)/(n² − Σ r_c s_c) so that "no variation" is detected exactly.
 */
export function cohensKappa(table: Contingency): Stat {
  const { rows, cols, n, diagonal } = margins(table);
  if (n === 0) return undefinedStat(NO_PAIRS);
  let rs = 0;
  rows.forEach((r, c) => (rs += r * (cols[c] ?? 0)));
  const denominator = n * n - rs;
  if (!(denominator > 0)) return undefinedStat(NO_VARIATION);
  return stat((n * diagonal - rs) / denominator);
}

/** Scott's (1955) pi: chance agreement from the pooled marginals of both coders. */
export function scottsPi(table: Contingency): Stat {
  const { rows, cols, n, diagonal } = margins(table);
  if (n === 0) return undefinedStat(NO_PAIRS);
  let pooled = 0;
  rows.forEach((r, c) => (pooled += (r + (cols[c] ?? 0)) ** 2));
  const denominator = 4 * n * n - pooled;
  if (!(denominator > 0)) return undefinedStat(NO_VARIATION);
  return stat((4 * n * diagonal - pooled) / denominator);
}

/**
 * Bennett, Alpert & Goldstein's (1954) S, also Brennan & Prediger's (1981) kappa_n and, for two
 * categories, PABAK: chance agreement 1/q for q declared categories.
 */
export function bennettS(percentAgreement: Stat, categories: number): Stat {
  if (percentAgreement.value === null) return percentAgreement;
  if (categories < 2) return undefinedStat('fewer than two categories');
  return stat((categories * percentAgreement.value - 1) / (categories - 1));
}

/** Agreement weights for weighted kappa from category scores. */
export type KappaWeights = 'linear' | 'quadratic';

/**
 * Weighted kappa (Cohen 1968) with Cicchetti–Allison linear or Fleiss–Cohen quadratic agreement
 * weights w_ij = 1 − (|s_i − s_j|/(s_max − s_min))^p over the declared category scores.
 */
export function weightedKappa(table: Contingency, scores: readonly number[], weights: KappaWeights): Stat {
  const { rows, cols, n } = margins(table);
  if (n === 0) return undefinedStat(NO_PAIRS);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  if (!(hi > lo)) return undefinedStat('fewer than two distinct category scores');
  const power = weights === 'linear' ? 1 : 2;
  const w = (i: number, j: number): number =>
    1 - (Math.abs((scores[i] ?? 0) - (scores[j] ?? 0)) / (hi - lo)) ** power;
  let po = 0;
  let pe = 0;
  table.forEach((row, i) =>
    row.forEach((x, j) => {
      po += (w(i, j) * x) / n;
      pe += (w(i, j) * (rows[i] ?? 0) * (cols[j] ?? 0)) / (n * n);
    }),
  );
  if (!(1 - pe > 0)) return undefinedStat(NO_VARIATION);
  return stat((po - pe) / (1 - pe));
}

/**
 * Category-specific agreement p_s(c) = 2 t_cc/(r_c + s_c) (Fleiss 1975; for a present/absent code,
 * category 1 gives positive and category 0 negative specific agreement).
 */
export function specificAgreement(table: Contingency, category: number): Stat {
  const { rows, cols } = margins(table);
  const total = (rows[category] ?? 0) + (cols[category] ?? 0);
  if (total === 0) return undefinedStat('neither coder used this category');
  return stat((2 * (table[category]?.[category] ?? 0)) / total);
}

/**
 * Byrt, Bishop & Carlin's (1993) prevalence and bias indices of a 2×2 table with categories
 * 0 = absent and 1 = present: PI = (a − d)/n with a = both present and d = both absent;
 * BI = (b − c)/n with b = first coder only and c = second coder only.
 */
export function prevalenceAndBias(table: Contingency): { prevalence: Stat; bias: Stat } {
  const n = margins(table).n;
  if (n === 0) return { prevalence: undefinedStat(NO_PAIRS), bias: undefinedStat(NO_PAIRS) };
  const a = table[1]?.[1] ?? 0;
  const d = table[0]?.[0] ?? 0;
  const b = table[1]?.[0] ?? 0;
  const c = table[0]?.[1] ?? 0;
  return { prevalence: stat((a - d) / n), bias: stat((b - c) / n) };
}
