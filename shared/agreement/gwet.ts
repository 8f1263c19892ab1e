import { margins, type Contingency } from './contingency.ts';
import { MISSING, type PatternTable } from './patterns.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/**
 * Gwet's agreement coefficients AC1 and AC2 (Gwet 2008, Br J Math Stat Psychol 61:29–48; Handbook
 * of Inter-Rater Reliability, 4th ed., 2014, ch. 3–4), as the R package irrCAC computes them.
 *
 * Chance agreement comes from the mean share π_k of each category over units and coders, spread
 * over the q − 1 "wrong" categories: P_e = T_w/(q(q − 1)) · Σ_k π_k(1 − π_k), where T_w is the sum
 * of the agreement weights (q for AC1). Unlike κ, P_e does not approach 1 when one category
 * dominates, so AC1 does not collapse on a rare code (the "kappa paradox").
 *
 * q is the number of declared categories: 2 for a present/absent code, the group's codes plus
 * "(none)" for an exclusive group — not only the categories someone used.
 */

/** Agreement weights of AC2: identity (AC1), linear or quadratic in the category scores. */
export type GwetWeights = 'identity' | 'linear' | 'quadratic';

/** P_a, P_e and the coefficient, with the units they were computed on. */
export interface GwetResult {
  /** Weighted share of agreeing coder pairs over units rated by at least two coders. */
  readonly pa: number | null;
  /** Chance agreement P_e. */
  readonly pe: number | null;
  readonly coefficient: Stat;
  /** Units rated by at least two coders (the n of P_a). */
  readonly units: number;
}

const TOO_FEW_CATEGORIES = 'fewer than two categories';
const NO_PAIRABLE = 'no unit was rated by two or more coders';
/**
 * Gwet's formula gives 1 here (P_a = 1, P_e = 0); like every other measure in Concord it is
 * reported as undefined, because coders who never used a code have shown no agreement about it.
 */
const NO_VARIATION = 'no variation: every rating is in one and the same category';

/**
 * Agreement weights w_kl over category scores x (irrCAC's `linear.weights`/`quadratic.weights`):
 * linear 1 − |x_k − x_l|/(x_max − x_min), quadratic 1 − (x_k − x_l)²/(x_max − x_min)², identity
 * 1 on the diagonal only. Returns null when weighted scores have no spread.
 */
export function gwetWeightMatrix(scores: readonly number[], weights: GwetWeights): number[][] | null {
  const q = scores.length;
  if (weights === 'identity') {
    return Array.from({ length: q }, (_, k) => Array.from({ length: q }, (__, l) => (k === l ? 1 : 0)));
  }
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  if (!(hi > lo)) return null;
  const power = weights === 'linear' ? 1 : 2;
  return scores.map((a) => scores.map((b) => 1 - (Math.abs(a - b) / (hi - lo)) ** power));
}

/**
 * Gwet's AC2 with agreement weights `w` (a q×q matrix, `w[k][l]` the credit when one coder says k
 * and another l), multi-rater form with missing ratings (Gwet 2014, §4; irrCAC `gwet.ac1.raw`):
 * r_ik coders put unit i in category k, r_i = Σ_k r_ik, r*_ik = Σ_l w_kl r_il;
 * P_a = mean over units with r_i ≥ 2 of Σ_k r_ik(r*_ik − 1)/(r_i(r_i − 1));
 * π_k = mean over units with r_i ≥ 1 of r_ik/r_i; P_e = T_w/(q(q − 1)) Σ_k π_k(1 − π_k);
 * AC2 = (P_a − P_e)/(1 − P_e). With identity weights this is AC1. Pattern weights count units.
 *
 * Undefined (with the reason) for fewer than two categories, no unit rated by two coders, or no
 * variation at all (every rating in one category).
 */
export function gwetAC2(table: PatternTable, w: readonly (readonly number[])[]): GwetResult {
  const q = table.categories;
  if (q < 2) return { pa: null, pe: null, coefficient: undefinedStat(TOO_FEW_CATEGORIES), units: 0 };
  const pi = new Array<number>(q).fill(0);
  const counts = new Array<number>(q).fill(0);
  let rated = 0;
  let pairable = 0;
  let agreement = 0;
  table.patterns.forEach((values, i) => {
    const weight = table.weights[i] ?? 0;
    counts.fill(0);
    let r = 0;
    for (const v of values) {
      if (v === MISSING) continue;
      counts[v] = (counts[v] ?? 0) + 1;
      r += 1;
    }
    if (r === 0) return;
    rated += weight;
    for (let k = 0; k < q; k++) pi[k] = (pi[k] ?? 0) + (weight * (counts[k] ?? 0)) / r;
    if (r < 2) return;
    pairable += weight;
    let s = 0;
    for (let k = 0; k < q; k++) {
      const rk = counts[k] ?? 0;
      if (rk === 0) continue;
      let star = 0;
      for (let l = 0; l < q; l++) star += (w[k]?.[l] ?? 0) * (counts[l] ?? 0);
      s += rk * (star - 1);
    }
    agreement += (weight * s) / (r * (r - 1));
  });
  if (pairable === 0) return { pa: null, pe: null, coefficient: undefinedStat(NO_PAIRABLE), units: 0 };
  let spread = 0;
  let used = 0;
  for (let k = 0; k < q; k++) {
    const p = (pi[k] ?? 0) / rated;
    spread += p * (1 - p);
    if (p > 0) used += 1;
  }
  let totalWeight = 0;
  for (const row of w) for (const x of row) totalWeight += x;
  const pa = agreement / pairable;
  const pe = (totalWeight / (q * (q - 1))) * spread;
  if (used < 2) return { pa, pe, coefficient: undefinedStat(NO_VARIATION), units: pairable };
  if (!(1 - pe > 0))
    return { pa, pe, coefficient: undefinedStat('chance agreement P_e is 1'), units: pairable };
  return { pa, pe, coefficient: stat((pa - pe) / (1 - pe)), units: pairable };
}

/** Gwet's AC1 (identity weights), multi-rater form with missing ratings; see {@link gwetAC2}. */
export function gwetAC1(table: PatternTable): GwetResult {
  const identity = gwetWeightMatrix(
    Array.from({ length: table.categories }, (_, k) => k),
    'identity',
  );
  return gwetAC2(table, identity ?? []);
}

/**
 * Gwet's AC1 of two coders from their contingency table (Gwet 2008, eq. 14; irrCAC
 * `gwet.ac1.table`): P_a = Σ_k p_kk, π_k = (p_k· + p_·k)/2, P_e = Σ_k π_k(1 − π_k)/(q − 1).
 * The same figure as {@link gwetAC1} on the same ratings, computed from the margins alone.
 */
export function gwetAC1Table(table: Contingency): Stat {
  const { rows, cols, n, diagonal } = margins(table);
  const q = table.length;
  if (q < 2) return undefinedStat(TOO_FEW_CATEGORIES);
  if (n === 0) return undefinedStat('no unit was rated by both coders');
  let spread = 0;
  let used = 0;
  for (let k = 0; k < q; k++) {
    const p = ((rows[k] ?? 0) + (cols[k] ?? 0)) / (2 * n);
    spread += p * (1 - p);
    if (p > 0) used += 1;
  }
  if (used < 2) return undefinedStat(NO_VARIATION);
  const pe = spread / (q - 1);
  return stat((diagonal / n - pe) / (1 - pe));
}
