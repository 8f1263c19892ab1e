import type { AgreementTerms } from './cohen.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/**
 * Pooled kappa (De Vries, Elliott, Kanouse & Teleki 2008, Field Methods 20:272):
 * (mean_j P_o,j − mean_j P_e,j)/(1 − mean_j P_e,j) over codes j (and, with more than two coders,
 * over coder pairs), each term weighted equally. Not the mean of per-code kappas.
 */
export function pooledKappa(terms: readonly AgreementTerms[]): Stat {
  if (terms.length === 0) return undefinedStat('no code has units rated by both coders');
  let po = 0;
  let pe = 0;
  for (const t of terms) {
    po += t.po;
    pe += t.pe;
  }
  po /= terms.length;
  pe /= terms.length;
  if (!(1 - pe > 0)) return undefinedStat('no variation in any code (mean P_e = 1)');
  return stat((po - pe) / (1 - pe));
}
