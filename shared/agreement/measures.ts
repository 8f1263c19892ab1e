import {
  agreementTerms,
  bennettS,
  cohensKappa,
  prevalenceAndBias,
  scottsPi,
  specificAgreement,
  type AgreementTerms,
} from './cohen.ts';
import { pairContingency, margins } from './contingency.ts';
import { congerKappa, fleissKappa, lightKappa } from './fleiss.ts';
import { alphaFromCoincidences, coincidences } from './krippendorff.ts';
import { percentAgreementPairable, percentAgreementPairwise } from './percent.ts';
import { unitsRatedBy, type PatternTable } from './patterns.ts';
import { stat, undefinedStat, type Stat } from './stat.ts';

/** A coder pair with its public key (the two ids sorted, joined by `|`) and context indices. */
export interface CoderPair {
  readonly key: string;
  /** Index of the coder whose id sorts first (rows of the pair's table). */
  readonly first: number;
  readonly second: number;
}

/** All coder pairs, ordered by key so that output does not depend on coder order. */
export function keyedPairs(coders: readonly string[]): CoderPair[] {
  const out: CoderPair[] = [];
  for (let a = 0; a < coders.length; a++) {
    for (let b = a + 1; b < coders.length; b++) {
      const [first, second] = (coders[a] ?? '') < (coders[b] ?? '') ? [a, b] : [b, a];
      out.push({ key: `${coders[first] ?? ''}|${coders[second] ?? ''}`, first, second });
    }
  }
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** The measures a bootstrap replicate needs, cheap enough to compute thousands of times. */
export interface CoreMeasures {
  readonly percentAgreement: Stat;
  readonly cohensKappa: readonly Stat[];
  readonly terms: readonly (AgreementTerms | null)[];
  readonly fleissKappa: Stat;
  readonly krippendorffAlpha: Stat;
}

/** Core measures of one variable for the given pairs. */
export function coreMeasures(table: PatternTable, pairs: readonly CoderPair[]): CoreMeasures {
  const contingencies = pairs.map((p) => pairContingency(table, p.first, p.second));
  return {
    percentAgreement: percentAgreementPairwise(table),
    cohensKappa: contingencies.map(cohensKappa),
    terms: contingencies.map(agreementTerms),
    fleissKappa: fleissKappa(table).kappa,
    krippendorffAlpha: alphaFromCoincidences(coincidences(table)).alpha,
  };
}

/** Everything reported about one coder pair on one variable. */
export interface PairMeasures {
  readonly n: number;
  readonly table: number[][];
  readonly percentAgreement: Stat;
  readonly cohensKappa: Stat;
  readonly scottsPi: Stat;
  readonly brennanPrediger: Stat;
  /** Present/absent variables only. */
  readonly positiveAgreement: Stat;
  readonly negativeAgreement: Stat;
  readonly prevalenceIndex: Stat;
  readonly biasIndex: Stat;
}

/** Everything reported about one variable (a code, or an exclusive group). */
export interface FullMeasures extends CoreMeasures {
  /** Units rated by at least two coders. */
  readonly units: number;
  /** Units rated by every coder. */
  readonly unitsComplete: number;
  readonly percentAgreementPairable: Stat;
  readonly brennanPrediger: Stat;
  readonly congerKappa: Stat;
  readonly lightKappa: Stat;
  /** Present/absent variables: o_11/n_1 and o_00/n_0 of the coincidence matrix. */
  readonly positiveAgreement: Stat;
  readonly negativeAgreement: Stat;
  readonly pairs: readonly PairMeasures[];
}

const notBinary = undefinedStat('only defined for present/absent variables');

function pairMeasures(table: number[][], binary: boolean, categories: number): PairMeasures {
  const percent = (() => {
    const { n, diagonal } = margins(table);
    return n === 0 ? undefinedStat('no unit was rated by both coders') : stat(diagonal / n);
  })();
  const pb = binary ? prevalenceAndBias(table) : { prevalence: notBinary, bias: notBinary };
  return {
    n: margins(table).n,
    table,
    percentAgreement: percent,
    cohensKappa: cohensKappa(table),
    scottsPi: scottsPi(table),
    brennanPrediger: bennettS(percent, categories),
    positiveAgreement: binary ? specificAgreement(table, 1) : notBinary,
    negativeAgreement: binary ? specificAgreement(table, 0) : notBinary,
    prevalenceIndex: pb.prevalence,
    biasIndex: pb.bias,
  };
}

/** Share of pairable values of category c matched by another value c: o_cc/n_c. */
function coincidentAgreement(
  matrix: readonly (readonly number[])[],
  totals: readonly number[],
  c: number,
): Stat {
  const total = totals[c] ?? 0;
  if (total === 0) return undefinedStat('no pairable value in this category');
  return stat((matrix[c]?.[c] ?? 0) / total);
}

/** All measures of one variable; `binary` marks a present/absent code (category 1 = present). */
export function fullMeasures(
  table: PatternTable,
  pairs: readonly CoderPair[],
  binary: boolean,
): FullMeasures {
  const co = coincidences(table);
  const contingencies = pairs.map((p) => pairContingency(table, p.first, p.second));
  const percent = percentAgreementPairwise(table);
  return {
    units: unitsRatedBy(table, 2),
    unitsComplete: unitsRatedBy(table, table.coders),
    percentAgreement: percent,
    percentAgreementPairable: percentAgreementPairable(co),
    cohensKappa: contingencies.map(cohensKappa),
    terms: contingencies.map(agreementTerms),
    fleissKappa: fleissKappa(table).kappa,
    krippendorffAlpha: alphaFromCoincidences(co).alpha,
    brennanPrediger: bennettS(percent, table.categories),
    congerKappa: congerKappa(table),
    lightKappa: lightKappa(table),
    positiveAgreement: binary ? coincidentAgreement(co.matrix, co.totals, 1) : notBinary,
    negativeAgreement: binary ? coincidentAgreement(co.matrix, co.totals, 0) : notBinary,
    pairs: contingencies.map((t) => pairMeasures(t, binary, table.categories)),
  };
}
