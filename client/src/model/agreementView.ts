/** How the dashboard writes agreement figures: numbers, bands, heat colours. Pure. */
import { interpretAlpha, interpretKappa } from '../../../shared/agreement/interpret.ts';

/** A coefficient to three decimals (κ and α are reported so), or "n/a". */
export function formatCoefficient(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  return value.toFixed(3).replace(/^-0\.000$/, '0.000');
}

/** A proportion as a percentage with one decimal. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  return `${(value * 100).toFixed(1)}%`;
}

/** A 95% interval, e.g. "[0.512, 0.790]". */
export function formatInterval(ci: { lower: number | null; upper: number | null } | undefined): string {
  if (!ci || ci.lower === null || ci.upper === null) return '';
  return `[${formatCoefficient(ci.lower)}, ${formatCoefficient(ci.upper)}]`;
}

/** Landis & Koch's band for κ, or empty. */
export function kappaBand(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : interpretKappa(value).label;
}

/** Krippendorff's band for α, or empty. */
export function alphaBand(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : interpretAlpha(value).label;
}

/**
 * A background for a heat-map cell: red at κ ≤ 0 through amber to green at κ = 1; light enough
 * that dark text stays readable (contrast above 7:1). Grey when undefined.
 */
export function heatColor(value: number | null | undefined): string {
  if (value === null || value === undefined) return '#eceff3';
  const t = Math.min(1, Math.max(0, value));
  const hue = Math.round(t * 120);
  return `hsl(${hue}, 70%, 82%)`;
}

/** Display name of a pair key `a|b`. */
export function pairLabel(pair: string, names: (id: string) => string): string {
  const [a = '', b = ''] = pair.split('|');
  return `${names(a)} × ${names(b)}`;
}

/**
 * A code row's note on the κ paradox (high agreement, low κ), in coders' names: the engine's
 * explanation names a pair by its key of user ids (`a|b`), so with more than one pair each
 * pair's own explanation is shown after the pair's names instead. Empty without a paradox.
 */
export function paradoxNote(
  row: {
    paradox?: boolean | undefined;
    paradoxExplanation?: string | undefined;
    pairs: Record<string, { paradox?: boolean | undefined; paradoxExplanation?: string | undefined }>;
  },
  pairs: readonly string[],
  names: (id: string) => string,
): string {
  if (!row.paradox) return '';
  if (pairs.length <= 1) return row.paradoxExplanation ?? '';
  return pairs
    .flatMap((pair) => {
      const why = row.pairs[pair]?.paradoxExplanation;
      return why ? [`${pairLabel(pair, names)}: ${why}`] : [];
    })
    .join(' ');
}

/** The κ a table shows for a code: Cohen's for two coders, Fleiss' for more. */
export function headlineKappa(
  row: { cohensKappa: Record<string, number | null>; fleissKappa: number | null },
  pairs: readonly string[],
): number | null {
  if (pairs.length === 1) return row.cohensKappa[pairs[0]!] ?? null;
  return row.fleissKappa;
}

/**
 * The AC1 a table shows for a code, beside {@link headlineKappa}: the pair's own (two-rater form)
 * for two coders, the multi-rater AC1 for more. Undefined for reports made before AC1 existed.
 */
export function headlineAC1(
  row: { gwetAC1?: number | null | undefined; gwetAC1ByPair?: Record<string, number | null> | undefined },
  pairs: readonly string[],
): number | null {
  if (pairs.length === 1) return row.gwetAC1ByPair?.[pairs[0]!] ?? null;
  return row.gwetAC1 ?? null;
}

/** The reason a report gives for a null figure (`<key>Reason`), if any. */
export function reasonFor(row: Record<string, unknown>, key: string, pair?: string): string {
  const reason = row[`${key}Reason`];
  if (typeof reason === 'string') return reason;
  if (pair !== undefined && reason && typeof reason === 'object') {
    const r = (reason as Record<string, unknown>)[pair];
    if (typeof r === 'string') return r;
  }
  return '';
}
