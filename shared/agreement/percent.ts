import { countRows, totalWeight, type CountRow } from './counts.ts';
import type { Coincidences } from './krippendorff.ts';
import type { PatternTable } from './patterns.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

const NO_PAIRABLE = 'no unit was rated by two or more coders';

/**
 * Percent agreement, "mean pairwise share per unit": for each unit rated by m_u ≥ 2 coders, the
 * share of its m_u(m_u − 1)/2 coder pairs that agree; averaged over those units. For two coders,
 * the plain share of units on which they agree.
 */
export function percentAgreementPairwise(table: PatternTable): Stat {
  return percentAgreementOf(countRows(table, false));
}

/** {@link percentAgreementPairwise} from already counted pairable rows. */
export function percentAgreementOf(rows: readonly CountRow[]): Stat {
  const n = totalWeight(rows);
  if (n === 0) return undefinedStat(NO_PAIRABLE);
  let sum = 0;
  for (const r of rows) {
    let agreeing = 0;
    for (const c of r.counts) agreeing += c * (c - 1);
    sum += (r.weight * agreeing) / (r.raters * (r.raters - 1));
  }
  return stat(sum / n);
}

/**
 * Percent agreement, "pairable": Σ_c o_cc / n from the coincidence matrix, i.e. the share of
 * pairable values matched by an equal value (Krippendorff 2011). Differs from the pairwise mean
 * when units have different numbers of values.
 */
export function percentAgreementPairable(co: Coincidences): Stat {
  if (co.n === 0) return undefinedStat(NO_PAIRABLE);
  let diagonal = 0;
  co.matrix.forEach((row, c) => (diagonal += row[c] ?? 0));
  return stat(diagonal / co.n);
}
