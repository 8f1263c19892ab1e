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
import { congerKappa, fleissOf, lightKappa } from './fleiss.ts';
import { alphaFromCoincidences, coincidencesOf } from './krippendorff.ts';
import { countRows, totalWeight } from './counts.ts';
import { gwetAC1, gwetAC1Table } from './gwet.ts';
import { holstiDecisions, type HolstiDecisions } from './holsti.ts';
import { explainParadox } from './paradox.ts';
import { percentAgreementOf, percentAgreementPairable } from './percent.ts';
import type { PatternTable } from './patterns.ts';
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
  /** Gwet's AC1 over all coders (multi-rater form). */
  readonly gwetAC1: Stat;
  /** Gwet's AC1 of each pair (two-rater form), in the order of the pairs. */
  readonly gwetAC1ByPair: readonly Stat[];
}

/**
 * Per pair: units both rated, agreements, Σ_c r_c s_c of the pair's marginals, and Gwet's
 * Σ_c π_c(1 − π_c) with π_c = (r_c + s_c)/2n and the number of categories with π_c > 0.
 */
interface PairSums {
  readonly n: number;
  readonly diagonal: number;
  readonly marginProduct: number;
  readonly spread: number;
  readonly used: number;
}

/** One pass over the patterns for all pairs at once (the hot path of bootstraps and summaries). */
function pairSums(table: PatternTable, pairs: readonly CoderPair[]): PairSums[] {
  const q = table.categories;
  const k = pairs.length;
  // Per pair: n, diagonal, then q row and q column totals, in one buffer.
  const stride = 2 + 2 * q;
  const acc = new Float64Array(k * stride);
  const { patterns, weights } = table;
  for (let i = 0; i < patterns.length; i++) {
    const values = patterns[i];
    const w = weights[i] ?? 0;
    if (!values) continue;
    for (let p = 0; p < k; p++) {
      const pair = pairs[p];
      if (!pair) continue;
      const a = values[pair.first] ?? -1;
      const b = values[pair.second] ?? -1;
      if (a < 0 || b < 0) continue;
      const base = p * stride;
      acc[base] = (acc[base] ?? 0) + w;
      if (a === b) acc[base + 1] = (acc[base + 1] ?? 0) + w;
      acc[base + 2 + a] = (acc[base + 2 + a] ?? 0) + w;
      acc[base + 2 + q + b] = (acc[base + 2 + q + b] ?? 0) + w;
    }
  }
  const out: PairSums[] = [];
  for (let p = 0; p < k; p++) {
    const base = p * stride;
    const n = acc[base] ?? 0;
    let marginProduct = 0;
    let spread = 0;
    let used = 0;
    for (let c = 0; c < q; c++) {
      const r = acc[base + 2 + c] ?? 0;
      const s = acc[base + 2 + q + c] ?? 0;
      marginProduct += r * s;
      const pi = n > 0 ? (r + s) / (2 * n) : 0;
      spread += pi * (1 - pi);
      if (pi > 0) used += 1;
    }
    out.push({ n, diagonal: acc[base + 1] ?? 0, marginProduct, spread, used });
  }
  return out;
}

function termsOf(s: PairSums): AgreementTerms | null {
  return s.n === 0 ? null : { n: s.n, po: s.diagonal / s.n, pe: s.marginProduct / (s.n * s.n) };
}

/** Cohen's kappa from pair sums; same exact form as {@link cohensKappa}. */
function kappaOf(s: PairSums): Stat {
  if (s.n === 0) return undefinedStat('no unit was rated by both coders');
  const denominator = s.n * s.n - s.marginProduct;
  if (!(denominator > 0)) {
    return undefinedStat('no variation: both coders used one and the same category on every unit (P_e = 1)');
  }
  return stat((s.n * s.diagonal - s.marginProduct) / denominator);
}

/** Gwet's AC1 from pair sums; same form and reasons as {@link gwetAC1Table}. */
function ac1Of(s: PairSums, q: number): Stat {
  if (q < 2) return undefinedStat('fewer than two categories');
  if (s.n === 0) return undefinedStat('no unit was rated by both coders');
  if (s.used < 2) return undefinedStat('no variation: every rating is in one and the same category');
  const pe = s.spread / (q - 1);
  return stat((s.diagonal / s.n - pe) / (1 - pe));
}

/** Core measures of one variable for the given pairs. */
export function coreMeasures(table: PatternTable, pairs: readonly CoderPair[]): CoreMeasures {
  const sums = pairSums(table, pairs);
  const pairable = countRows(table, false);
  return {
    percentAgreement: percentAgreementOf(pairable),
    cohensKappa: sums.map(kappaOf),
    terms: sums.map(termsOf),
    fleissKappa: fleissOf(countRows(table, true), table.coders, table.categories).kappa,
    krippendorffAlpha: alphaFromCoincidences(coincidencesOf(pairable, table.categories)).alpha,
    gwetAC1: gwetAC1(table).coefficient,
    gwetAC1ByPair: sums.map((x) => ac1Of(x, table.categories)),
  };
}

/** P_o and P_e of every pair (for pooled kappa), without the other measures. */
export function pairTerms(table: PatternTable, pairs: readonly CoderPair[]): (AgreementTerms | null)[] {
  return pairSums(table, pairs).map(termsOf);
}

/**
 * {@link pairTerms} of many tables at once (every code of a document): the same sums in the same
 * order, so the same values, but one buffer and the pairs' coder indices read once for all tables
 * instead of per table (a document summary runs this for every code).
 */
export function pairTermsOfTables(
  tables: readonly PatternTable[],
  pairs: readonly CoderPair[],
): (AgreementTerms | null)[][] {
  const k = pairs.length;
  const first = new Int32Array(k);
  const second = new Int32Array(k);
  for (let p = 0; p < k; p++) {
    first[p] = pairs[p]!.first;
    second[p] = pairs[p]!.second;
  }
  let q = 0;
  for (const t of tables) q = Math.max(q, t.categories);
  // Per pair: n, diagonal, then q row and q column totals.
  const stride = 2 + 2 * q;
  const acc = new Float64Array(k * stride);
  const out: (AgreementTerms | null)[][] = [];
  for (const table of tables) {
    const tq = table.categories;
    acc.fill(0);
    const { patterns, weights } = table;
    for (let i = 0; i < patterns.length; i++) {
      const values = patterns[i]!;
      const w = weights[i] ?? 0;
      for (let p = 0; p < k; p++) {
        const a = values[first[p]!] ?? -1;
        const b = values[second[p]!] ?? -1;
        if (a < 0 || b < 0) continue;
        const base = p * stride;
        acc[base]! += w;
        if (a === b) acc[base + 1]! += w;
        acc[base + 2 + a]! += w;
        acc[base + 2 + tq + b]! += w;
      }
    }
    const terms: (AgreementTerms | null)[] = new Array<AgreementTerms | null>(k);
    for (let p = 0; p < k; p++) {
      const base = p * stride;
      const n = acc[base]!;
      let marginProduct = 0;
      for (let c = 0; c < tq; c++) marginProduct += acc[base + 2 + c]! * acc[base + 2 + tq + c]!;
      terms[p] = n === 0 ? null : { n, po: acc[base + 1]! / n, pe: marginProduct / (n * n) };
    }
    out.push(terms);
  }
  return out;
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
  /** Gwet's AC1, two-rater form. */
  readonly gwetAC1: Stat;
  /** Present/absent variables: the coding decisions Holsti's CR counts. */
  readonly holsti: HolstiDecisions | null;
  /** Present/absent variables: why κ is low despite high agreement, when it is (else null). */
  readonly paradox: string | null;
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
  const kappa = cohensKappa(table);
  const ac1 = gwetAC1Table(table);
  return {
    n: margins(table).n,
    table,
    percentAgreement: percent,
    cohensKappa: kappa,
    scottsPi: scottsPi(table),
    brennanPrediger: bennettS(percent, categories),
    positiveAgreement: binary ? specificAgreement(table, 1) : notBinary,
    negativeAgreement: binary ? specificAgreement(table, 0) : notBinary,
    prevalenceIndex: pb.prevalence,
    biasIndex: pb.bias,
    gwetAC1: ac1,
    holsti: binary ? holstiDecisions(table) : null,
    paradox: binary
      ? explainParadox({
          percentAgreement: percent,
          cohensKappa: kappa,
          prevalenceIndex: pb.prevalence,
          biasIndex: pb.bias,
          gwetAC1: ac1,
        })
      : null,
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
  const pairable = countRows(table, false);
  const complete = countRows(table, true);
  const co = coincidencesOf(pairable, table.categories);
  const contingencies = pairs.map((p) => pairContingency(table, p.first, p.second));
  const percent = percentAgreementOf(pairable);
  return {
    units: totalWeight(pairable),
    unitsComplete: totalWeight(complete),
    percentAgreement: percent,
    percentAgreementPairable: percentAgreementPairable(co),
    cohensKappa: contingencies.map(cohensKappa),
    terms: contingencies.map(agreementTerms),
    fleissKappa: fleissOf(complete, table.coders, table.categories).kappa,
    krippendorffAlpha: alphaFromCoincidences(co).alpha,
    gwetAC1: gwetAC1(table).coefficient,
    gwetAC1ByPair: contingencies.map(gwetAC1Table),
    brennanPrediger: bennettS(percent, table.categories),
    congerKappa: congerKappa(table, complete),
    lightKappa: lightKappa(table),
    positiveAgreement: binary ? coincidentAgreement(co.matrix, co.totals, 1) : notBinary,
    negativeAgreement: binary ? coincidentAgreement(co.matrix, co.totals, 0) : notBinary,
    pairs: contingencies.map((t) => pairMeasures(t, binary, table.categories)),
  };
}
