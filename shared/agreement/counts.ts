import { MISSING, type PatternTable } from './patterns.ts';

/** One aggregated unit: how many coders chose each category, and how many units look like this. */
export interface CountRow {
  readonly counts: readonly number[];
  /** Coders who rated the unit. */
  readonly raters: number;
  readonly weight: number;
}

/**
 * Per-unit category counts. With `complete`, only units rated by every coder are kept (the
 * domain of Fleiss' kappa and its relatives); otherwise every unit rated by at least two coders
 * (the pairable units of Krippendorff's alpha and of percent agreement).
 */
export function countRows(table: PatternTable, complete: boolean): CountRow[] {
  const rows: CountRow[] = [];
  table.patterns.forEach((values, i) => {
    const counts = new Array<number>(table.categories).fill(0);
    let raters = 0;
    for (const v of values) {
      if (v === MISSING) continue;
      counts[v] = (counts[v] ?? 0) + 1;
      raters += 1;
    }
    if (complete ? raters === table.coders : raters >= 2) {
      rows.push({ counts, raters, weight: table.weights[i] ?? 0 });
    }
  });
  return rows;
}

/** Total weight of a set of rows. */
export function totalWeight(rows: readonly CountRow[]): number {
  return rows.reduce((n, r) => n + r.weight, 0);
}
