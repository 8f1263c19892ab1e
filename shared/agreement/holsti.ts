import { stat, undefinedStat, type Stat } from './stat.ts';
import type { Contingency } from './contingency.ts';

/**
 * Holsti's (1969, Content Analysis for the Social Sciences and Humanities, p. 140) coefficient of
 * reliability CR = 2M/(N₁ + N₂): M coding decisions on which the two coders agree, N₁ and N₂ the
 * coding decisions each made.
 *
 * On the segment unit a coding decision is one code applied to one segment (by the segment rule:
 * coverage ≥ θ·|u|, by default any overlap), counted over the segments of documents both coders
 * completed; M counts the (segment, code) decisions both made. Segments neither coder coded are no
 * decision, so unlike percent agreement CR is not inflated by uncoded text. For one code it equals
 * the positive specific agreement 2a/(2a + b + c).
 */
export interface HolstiDecisions {
  /** Decisions both coders made (M). */
  readonly agreements: number;
  /** Decisions of the first coder (N₁). */
  readonly first: number;
  /** Decisions of the second coder (N₂). */
  readonly second: number;
}

/**
 * The decisions in a present/absent pair table [[both absent, second only], [first only, both
 * present]] (category 1 = the code applied).
 */
export function holstiDecisions(table: Contingency): HolstiDecisions {
  const both = table[1]?.[1] ?? 0;
  return {
    agreements: both,
    first: both + (table[1]?.[0] ?? 0),
    second: both + (table[0]?.[1] ?? 0),
  };
}

/** Sums decisions (over codes). */
export function addDecisions(parts: readonly HolstiDecisions[]): HolstiDecisions {
  let agreements = 0;
  let first = 0;
  let second = 0;
  for (const p of parts) {
    agreements += p.agreements;
    first += p.first;
    second += p.second;
  }
  return { agreements, first, second };
}

/** CR = 2M/(N₁ + N₂); undefined when neither coder made a decision. */
export function holsti(d: HolstiDecisions): Stat {
  const total = d.first + d.second;
  if (total === 0) return undefinedStat('neither coder applied a code to any segment both rated');
  return stat((2 * d.agreements) / total);
}
