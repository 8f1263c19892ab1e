import type { AgreementContext } from './context.ts';
import type { AgreementTerms } from './cohen.ts';
import { countRows } from './counts.ts';
import { alphaFromCoincidences, coincidencesOf } from './krippendorff.ts';
import { pairTermsOfTables, type CoderPair } from './measures.ts';
import { mergePatternTables, type PatternTable } from './patterns.ts';
import { percentAgreementOf } from './percent.ts';
import { pooledKappa } from './pooled.ts';
import { field, type DocumentReport } from './report.ts';
import { undefinedStat, type Stat } from './stat.ts';
import { alphaU, overallAlphaU, type AlphaUPartial } from './unitizing.ts';

/** Why coding measures are absent when the unit of analysis is unitizing. */
export const UNITIZING_ONLY = 'not computed: the unit of analysis is unitizing (see alphaU)';

/** Per-document figures follow the unit of analysis; alpha_u per document only when unitizing. */
const PER_DOCUMENT_ALPHA_U = 'per-document alpha_u is reported with --unit unitizing';

/** Pooled kappa over every code and coder pair with pairable units. */
export function pooledOver(termsByCode: readonly (readonly (AgreementTerms | null)[])[]): Stat {
  const terms: AgreementTerms[] = [];
  for (const byPair of termsByCode) for (const t of byPair) if (t) terms.push(t);
  return pooledKappa(terms);
}

/**
 * A document's own figures, computed once when the document is analysed so that combining
 * partials never recomputes them.
 */
export function summariseDocument(
  ctx: AgreementContext,
  pairs: readonly CoderPair[],
  document: string,
  completed: readonly number[],
  units: number,
  codes: readonly PatternTable[],
  unitizing: readonly AlphaUPartial[] | null,
): DocumentReport {
  const m = ctx.coders.length;
  const coders = completed.map((i) => ctx.coders[i] ?? '');
  if (ctx.options.unit === 'unitizing') {
    const u = unitizing
      ? overallAlphaU(unitizing.map((piece) => alphaU([piece], m)))
      : undefinedStat('not every coder completed this document');
    const none = undefinedStat(UNITIZING_ONLY);
    return {
      document,
      coders,
      units,
      ...field('percentAgreement', none),
      ...field('krippendorffAlpha', none),
      ...field('pooledKappa', none),
      ...field('alphaU', u),
    };
  }
  // Only the two item-level figures shown per document: the other core measures (κ per pair,
  // Fleiss, AC1) cost as much again per document and no report shows them.
  const pairable = countRows(mergePatternTables(m, 2, codes), false);
  return {
    document,
    coders,
    units,
    ...field('percentAgreement', percentAgreementOf(pairable)),
    ...field('krippendorffAlpha', alphaFromCoincidences(coincidencesOf(pairable, 2)).alpha),
    ...field('pooledKappa', pooledOver(pairTermsOfTables(codes, pairs))),
    ...field('alphaU', undefinedStat(PER_DOCUMENT_ALPHA_U)),
  };
}
