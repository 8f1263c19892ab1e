/**
 * The project's agreement target (e.g. κ ≥ 0.70, α ≥ 0.667) read against a round's report: the
 * figure of one code or of all codes in the target's measure, and whether it reaches the target.
 * Pure: plain report data in, plain values out.
 */
import { interpretAlpha, interpretKappa, type Band } from '../agreement/interpret.ts';
import type { CodeReport, OverallReport } from '../agreement/report.ts';
import type { Target, TargetMeasure } from '../schemas.ts';

/** Names of the measures as written in text and tables. */
export const MEASURE_NAMES: Readonly<Record<TargetMeasure, string>> = {
  cohenKappa: 'Cohen’s κ',
  krippendorffAlpha: 'Krippendorff’s α',
  gwetAC1: 'Gwet’s AC1',
  fleissKappa: 'Fleiss’ κ',
};

/**
 * A code's figure in a measure. Cohen's κ is a two-coder statistic: with one pair of coders it is
 * that pair's κ; with more, the mean of the pairwise κs (Light 1971), as the report's `lightKappa`
 * gives it. Null when the report has no figure (no variation, too few units: see its reason).
 */
export function codeValue(code: CodeReport, measure: TargetMeasure, pairs: readonly string[]): number | null {
  switch (measure) {
    case 'cohenKappa':
      return pairs.length === 1 ? (code.cohensKappa[pairs[0]!] ?? null) : code.lightKappa;
    case 'krippendorffAlpha':
      return code.krippendorffAlpha;
    case 'gwetAC1':
      return code.gwetAC1;
    case 'fleissKappa':
      return code.fleissKappa;
  }
}

/**
 * The figure over all codes in a measure: for Cohen's κ the κ pooled across codes (De Vries et al.
 * 2008), for the others the report's overall figure over (unit, code) items.
 */
export function pooledValue(overall: OverallReport, measure: TargetMeasure): number | null {
  switch (measure) {
    case 'cohenKappa':
      return overall.pooledKappa;
    case 'krippendorffAlpha':
      return overall.krippendorffAlpha;
    case 'gwetAC1':
      return overall.gwetAC1;
    case 'fleissKappa':
      return overall.fleissKappa;
  }
}

/**
 * Whether a figure reaches the target (value ≥ target, inclusive as "κ ≥ 0.70" reads); null
 * without a target or without a figure, since a missing figure neither reaches nor misses it.
 */
export function reaches(value: number | null, target: Target | null): boolean | null {
  if (target === null || value === null) return null;
  return value >= target.value;
}

/**
 * The verbal band of a figure in the measure: Krippendorff's (2004) for α, Landis & Koch's (1977)
 * for the kappa-type coefficients (Gwet 2014 benchmarks AC1 on the same scale).
 */
export function bandOf(measure: TargetMeasure, value: number): Band {
  return measure === 'krippendorffAlpha' ? interpretAlpha(value) : interpretKappa(value);
}
