import type { Stat } from './stat.ts';

/**
 * The kappa paradox (Feinstein & Cicchetti 1990, J Clin Epidemiol 43:543–549, "High agreement but
 * low kappa: I. The problems of two paradoxes"): when one category dominates (a rare code), chance
 * agreement P_e is close to 1 and κ is low although the coders agree on nearly every unit.
 *
 * Concord flags it when percent agreement is at least {@link PARADOX_MIN_AGREEMENT} and κ below
 * {@link PARADOX_MAX_KAPPA}. Feinstein & Cicchetti give no cut-offs; these are ours: 80% is the
 * level usually read as acceptable raw agreement, and below .40 κ is at best "fair" in Landis &
 * Koch's (1977) bands, so the two readings point in opposite directions.
 */
export const PARADOX_MIN_AGREEMENT = 0.8;
/** See {@link PARADOX_MIN_AGREEMENT}. */
export const PARADOX_MAX_KAPPA = 0.4;

/** The figures of one coder pair on one code that the explanation quotes. */
export interface ParadoxFigures {
  readonly percentAgreement: Stat;
  readonly cohensKappa: Stat;
  readonly prevalenceIndex: Stat;
  readonly biasIndex: Stat;
  readonly gwetAC1: Stat;
}

/** Whether the pair's figures show high agreement but low κ. */
export function isParadox(f: ParadoxFigures): boolean {
  const po = f.percentAgreement.value;
  const kappa = f.cohensKappa.value;
  return po !== null && kappa !== null && po >= PARADOX_MIN_AGREEMENT && kappa < PARADOX_MAX_KAPPA;
}

const fixed = (s: Stat, digits: number): string => (s.value === null ? 'undefined' : s.value.toFixed(digits));
const percent = (s: Stat): string => (s.value === null ? 'undefined' : `${(100 * s.value).toFixed(1)}%`);

/**
 * A sentence for readers of the report explaining why κ is low here, or null when there is no
 * paradox. The prevalence index |PI| (Byrt, Bishop & Carlin 1993) says how lopsided the code is;
 * a large bias index says the coders used the code at different rates instead.
 */
export function explainParadox(f: ParadoxFigures): string | null {
  if (!isParadox(f)) return null;
  const pi = Math.abs(f.prevalenceIndex.value ?? 0);
  const bi = Math.abs(f.biasIndex.value ?? 0);
  const cause =
    pi >= bi
      ? `the code is ${(f.prevalenceIndex.value ?? 0) < 0 ? 'rare' : 'nearly always applied'} (prevalence index ${fixed(f.prevalenceIndex, 2)}), so κ's chance agreement is high and a few disagreements pull it down`
      : `the coders used the code at different rates (bias index ${fixed(f.biasIndex, 2)})`;
  return (
    `High agreement but low κ: ${percent(f.percentAgreement)} agreement, κ ${fixed(f.cohensKappa, 3)}, because ${cause}. ` +
    `Gwet's AC1, whose chance term does not grow with prevalence, is ${fixed(f.gwetAC1, 3)} (Feinstein & Cicchetti 1990; Gwet 2008).`
  );
}
