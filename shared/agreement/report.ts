import type { CiValue } from './bootstrap.ts';
import type { CiOptions, Segmentation, UnitOfAnalysis } from './options.ts';
import type { Stat } from './stat.ts';

/**
 * The agreement report: plain JSON-safe data, no NaN. Every nullable figure `x` has a sibling
 * `xReason` (a string) when it is null; for per-pair maps, `xReason` maps the pair keys whose
 * value is null to their reasons. Pair keys are the two coder ids sorted and joined by `|`.
 */

/** A figure and, when it is null, its reason. */
export type Field<K extends string> = { [P in K]: number | null } & { [P in `${K}Reason`]?: string };

/** A per-pair map of figures and, for null entries, their reasons. */
export type PairField<K extends string> = { [P in K]: Record<string, number | null> } & {
  [P in `${K}Reason`]?: Record<string, string>;
};

/** Spreads a stat into `{ name, nameReason? }`. */
export function field<K extends string>(name: K, s: Stat): Field<K> {
  const out: Record<string, unknown> = { [name]: s.value };
  if (s.value === null) out[`${name}Reason`] = s.reason;
  return out as Field<K>;
}

/** Spreads per-pair stats into `{ name: {pair: value}, nameReason?: {pair: reason} }`. */
export function pairField<K extends string>(
  name: K,
  entries: readonly (readonly [string, Stat])[],
): PairField<K> {
  const values: Record<string, number | null> = {};
  const reasons: Record<string, string> = {};
  for (const [key, s] of entries) {
    values[key] = s.value;
    if (s.value === null) reasons[key] = s.reason;
  }
  const out: Record<string, unknown> = { [name]: values };
  if (Object.keys(reasons).length > 0) out[`${name}Reason`] = reasons;
  return out as PairField<K>;
}

/**
 * The kappa paradox flag (Feinstein & Cicchetti 1990): `paradox` is true when percent agreement is
 * at least .80 and κ below .40; `paradoxExplanation` then says why in words (absent otherwise).
 */
export interface ParadoxFlag {
  paradox: boolean;
  paradoxExplanation?: string;
}

/**
 * One coder pair on one code. `table` is [[both absent, second only], [first only, both present]];
 * `pabak` (Byrt et al. 1993) = 2P_o − 1, the same figure as `brennanPrediger` for two categories.
 * `gwetAC1` is Gwet's (2008) AC1 of the two coders; `holsti` Holsti's (1969) CR = 2M/(N₁ + N₂)
 * over (segment, code) decisions, segment unit only.
 */
export type PairReport = { n: number; table: number[][] } & ParadoxFlag &
  Field<'gwetAC1'> &
  Field<'holsti'> &
  Field<'percentAgreement'> &
  Field<'cohensKappa'> &
  Field<'scottsPi'> &
  Field<'brennanPrediger'> &
  Field<'pabak'> &
  Field<'positiveAgreement'> &
  Field<'negativeAgreement'> &
  Field<'prevalenceIndex'> &
  Field<'biasIndex'>;

/** Bootstrap intervals of a variable's main figures. */
export interface VariableCi {
  percentAgreement: CiValue;
  cohensKappa: Record<string, CiValue>;
  fleissKappa: CiValue;
  krippendorffAlpha: CiValue;
  gwetAC1: CiValue;
  gwetAC1ByPair: Record<string, CiValue>;
}

/** Figures shared by codes and exclusive groups. */
export type VariableReport = {
  /** Units rated by at least two coders (the n of alpha and percent agreement). */
  units: number;
  /** Units rated by every coder (the n of Fleiss' kappa). */
  unitsComplete: number;
  ci?: VariableCi;
} & Field<'percentAgreement'> &
  Field<'percentAgreementPairable'> &
  PairField<'cohensKappa'> &
  Field<'fleissKappa'> &
  Field<'krippendorffAlpha'> &
  Field<'brennanPrediger'> &
  Field<'congerKappa'> &
  Field<'lightKappa'> &
  Field<'gwetAC1'> &
  PairField<'gwetAC1ByPair'>;

/** One code as a present/absent variable. */
export type CodeReport = {
  code: string;
  name: string;
  parent: string | null;
  /** alpha_u's observed and expected disagreement (D_o, D_e). */
  alphaUObserved: number | null;
  alphaUExpected: number | null;
  pairs: Record<string, PairReport>;
} & ParadoxFlag &
  VariableReport &
  Field<'positiveAgreement'> &
  Field<'negativeAgreement'> &
  Field<'alphaU'>;

/** One exclusive code group as a multi-category variable (category 0: none of its codes). */
export type GroupReport = {
  group: string;
  name: string;
  codes: string[];
  categories: string[];
  /** Units (or code points) where a coder applied several of the group's codes. */
  conflicts: number;
} & VariableReport &
  Field<'uAlpha'> &
  Field<'uAlphaBinary'> &
  Field<'cuAlpha'>;

/** Bootstrap intervals of the overall figures. */
export interface OverallCi {
  pooledKappa: CiValue;
  krippendorffAlpha: CiValue;
  percentAgreement: CiValue;
  gwetAC1: CiValue;
}

/** Figures across all codes. */
export type OverallReport = {
  /** (unit, code) items rated by at least two coders. */
  items: number;
  /**
   * `gwetAC1` is computed over the (unit, code) items like `krippendorffAlpha`, `gwetAC1ByPair`
   * per pair over the same items. `holstiByPair` is Holsti's CR of each pair over every (segment,
   * code) decision; `holsti` pools the decisions of all pairs (2ΣM/Σ(N₁ + N₂)); segment unit only.
   */
  /** Per-code kappas that entered `averageKappa`. */
  averageKappaTerms: number;
  ci?: OverallCi;
} & Field<'pooledKappa'> &
  PairField<'pooledKappaByPair'> &
  Field<'averageKappa'> &
  PairField<'averageKappaByPair'> &
  Field<'krippendorffAlpha'> &
  Field<'fleissKappa'> &
  Field<'percentAgreement'> &
  Field<'brennanPrediger'> &
  Field<'gwetAC1'> &
  PairField<'gwetAC1ByPair'> &
  Field<'holsti'> &
  PairField<'holstiByPair'> &
  Field<'alphaU'> &
  Field<'uAlpha'> &
  Field<'uAlphaBinary'> &
  Field<'cuAlpha'>;

/** One document's own figures (pooled over codes). */
export type DocumentReport = {
  document: string;
  /** Coders who completed it. */
  coders: string[];
  units: number;
} & Field<'percentAgreement'> &
  Field<'krippendorffAlpha'> &
  Field<'pooledKappa'> &
  Field<'alphaU'>;

/** The whole report. */
export interface AgreementReport {
  unit: UnitOfAnalysis;
  /** Segmentation, when the unit is `segment`. */
  segmentation: Segmentation | null;
  /** θ, when the unit is `segment`. */
  overlap: number | 'any' | null;
  /** The unit of analysis in words, for people reading the report. */
  unitDescription: string;
  caveats: string[];
  coders: string[];
  pairs: string[];
  documentCount: number;
  /** Documents completed by at least two coders (they carry the coding measures). */
  documentsPairable: number;
  /** Documents completed by every coder (they carry the unitizing measures). */
  documentsUnitized: number;
  codes: CodeReport[];
  groups: GroupReport[];
  overall: OverallReport;
  documents?: DocumentReport[];
  ci: CiOptions | null;
  warnings: string[];
}
